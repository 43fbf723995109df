package app.characterstudio.model;

import java.util.Arrays;

/** A tensor's name, element type and shape, as a checkpoint declares it. */
public record TensorInfo(String name, TensorType type, long[] shape) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return Arrays.stream(shape).reduce(1L, Math::multiplyExact);
    }

    public long byteCount() {
        return elementCount() * type.bytes();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that && name.equals(that.name) && type == that.type
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + type.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape);
    }
}

package app.characterstudio.model;

/** Element types found in checkpoints. DJL cannot hold BF16: it is converted while loading. */
public enum TensorType {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    TensorType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}

package app.characterstudio.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the {@code data.pkl} of a {@code torch.save} state dict and nothing else. A pickle is a program:
 * GLOBAL/STACK_GLOBAL name any Python callable and REDUCE calls it. Here every name is checked the moment
 * it is read, and only the few that a state dict uses are accepted; they are never called, only
 * interpreted (an ordered dict, a tensor header over a storage). Object-creating opcodes that a state dict
 * does not need (INST, OBJ, NEWOBJ, extension codes, text persistent ids) are refused. One instance per
 * file; nothing JVM-wide is registered.
 */
final class RestrictedUnpickler extends Unpickler {
    /** A name the pickle referred to; inert. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** {@code ('storage', torch.XStorage, key, location, numel)}: the archive entry {@code data/key}. */
    record StorageRef(String storageType, String key, long numel) {
    }

    /** A tensor header: its storage, offset and strides in elements. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        boolean contiguous() {
            long expected = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                if (size[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= size[i];
            }
            return true;
        }
    }

    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
    private static final Global REBUILD_PARAMETER_STATE = new Global("torch._utils", "_rebuild_parameter_with_state");
    private static final Global REBUILD_FROM_TYPE = new Global("torch._tensor", "_rebuild_from_type_v2");
    private static final Set<Global> CALLABLE = Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER,
            REBUILD_PARAMETER_STATE, REBUILD_FROM_TYPE);
    private static final Set<Global> TENSOR_TYPES = Set.of(new Global("torch", "Tensor"),
            new Global("torch.nn.parameter", "Parameter"));
    static final Set<String> STORAGE_TYPES = Set.of("FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage",
            "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage");

    /** Deepest nesting of tuples, lists and dicts accepted: a state dict needs four or five levels. */
    static final int MAX_NESTING = 64;
    /** Longest number written as text that is read. */
    static final int MAX_NUMBER_CHARS = 1000;

    private final String source;
    /** How deeply each container built so far nests, by identity; a scalar is 0 deep. */
    private final Map<Object, Integer> depths = new IdentityHashMap<>();

    RestrictedUnpickler(String source) {
        this.source = source;
    }

    /**
     * Unpickles {@code pickle}; any refused global or opcode, and anything at all the reader throws
     * (a damaged stream, a stack overflow, running out of memory), becomes a {@link ModelLoadException}.
     */
    Object read(byte[] pickle) {
        try {
            return loads(pickle);
        } catch (ModelLoadException e) {
            throw e;
        } catch (Throwable e) {
            throw new ModelLoadException(source + ": the pickle is damaged or not a state dict (" + e + ")", e);
        } finally {
            close();
            depths.clear();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        checkDeclaredLength(key);
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(allowedGlobal(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw refused("STACK_GLOBAL with non-string names");
                }
                stack.add(allowedGlobal(m, n));
            }
            case Opcodes.REDUCE -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, args));
            }
            case Opcodes.BUILD -> build(stack.pop(), stack.peek());
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object name = stack.pop();
                put(dictOnStack(), name, value);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> dict = dictOnStack();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    put(dict, items.get(i), items.get(i + 1));
                }
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4,
                    Opcodes.PERSID -> throw refused("opcode " + opcodeName(key));
            default -> {
                Object result = super.dispatch(key);
                measureNesting(key);
                return result;
            }
        }
        return NO_RETURN_VALUE;
    }

    /**
     * A length-prefixed opcode's declared length must fit in the bytes left: checked before the reader
     * allocates it (a negative or 2 GB length in a 100-byte pickle is refused, not allocated).
     */
    private void checkDeclaredLength(short key) throws IOException {
        if (key == Opcodes.INT || key == Opcodes.LONG || key == Opcodes.FLOAT) {
            checkNumberLine();
            return;
        }
        int width = switch (key) {
            case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> 4;
            case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8 -> 8;
            default -> 0;
        };
        if (width == 0) {
            return;
        }
        input.mark(width);
        byte[] prefix = input.readNBytes(width);
        input.reset();
        if (prefix.length < width) {
            throw new ModelLoadException(source + ": the pickle ends inside a length (damaged or truncated)");
        }
        long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (width == 8) {
            length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
        long left = input.available() - (long) width;
        if (length < 0 || length > left) {
            throw new ModelLoadException(source + ": the pickle declares a value of " + length + " bytes at a point"
                    + " where only " + left + " bytes are left (damaged or hostile)");
        }
    }

    /**
     * A number written out in text (INT, LONG, FLOAT, protocol 0) must end within {@link #MAX_NUMBER_CHARS}:
     * parsing a million-digit LONG takes minutes, and no state dict writes one.
     */
    private void checkNumberLine() throws IOException {
        input.mark(MAX_NUMBER_CHARS + 1);
        try {
            for (int i = 0; i <= MAX_NUMBER_CHARS; i++) {
                int b = input.read();
                if (b == '\n' || b < 0) {
                    return;
                }
            }
            throw new ModelLoadException(source + ": the pickle writes a number of more than " + MAX_NUMBER_CHARS
                    + " characters (damaged or hostile)");
        } finally {
            input.reset();
        }
    }

    /** After an opcode that builds or fills a container: how deep it now nests, refused past {@link #MAX_NESTING}. */
    private void measureNesting(short key) {
        switch (key) {
            case Opcodes.TUPLE, Opcodes.TUPLE1, Opcodes.TUPLE2, Opcodes.TUPLE3, Opcodes.LIST, Opcodes.DICT,
                    Opcodes.FROZENSET, Opcodes.APPEND, Opcodes.APPENDS, Opcodes.ADDITEMS -> {
                Object container = stack.peek();
                int deepest = 0;
                for (Object child : children(container)) {
                    deepest = Math.max(deepest, depth(child));
                }
                nest(container, deepest + 1);
            }
            default -> {
                // no container changed
            }
        }
    }

    private void put(Map<Object, Object> dict, Object name, Object value) {
        if (name != null && !(name instanceof String) && !(name instanceof Number) && !(name instanceof Boolean)) {
            throw refused("a dict key that is a " + name.getClass().getSimpleName());
        }
        dict.put(name, value);
        nest(dict, Math.max(depth(dict), depth(value) + 1));
    }

    private void nest(Object container, int depth) {
        if (depth > MAX_NESTING) {
            throw new ModelLoadException(source + ": the pickle nests containers more than " + MAX_NESTING
                    + " deep; a state dict never does (damaged or hostile)");
        }
        depths.put(container, depth);
    }

    private int depth(Object value) {
        return depths.getOrDefault(value, children(value).isEmpty() ? 0 : 1);
    }

    private static java.util.Collection<?> children(Object value) {
        if (value instanceof Object[] tuple) {
            return Arrays.asList(tuple);
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values();
        }
        return List.of();
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0]) || !(t[1] instanceof Global type)
                || !(t[2] instanceof String storageKey) || !(t[4] instanceof Number numel)) {
            throw refused("persistent id " + describe(pid) + " (expected ('storage', type, key, location, numel))");
        }
        if (!"torch".equals(type.module()) || !STORAGE_TYPES.contains(type.name())) {
            throw refused("storage type " + type.qualified());
        }
        return new StorageRef(type.name(), storageKey, numel.longValue());
    }

    private Global allowedGlobal(String module, String name) {
        Global global = new Global(module, name);
        boolean storage = "torch".equals(module) && STORAGE_TYPES.contains(name);
        if (!CALLABLE.contains(global) && !TENSOR_TYPES.contains(global) && !storage) {
            throw new ModelLoadException(source + ": the pickle names " + global.qualified()
                    + ", which a state dict never uses; refusing to load it (a checkpoint must not run code)");
        }
        return global;
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Global global) || !CALLABLE.contains(global)) {
            throw refused("call of " + describe(callable));
        }
        if (!(args instanceof Object[] a)) {
            throw refused("call of " + global.qualified() + " with arguments " + describe(args));
        }
        if (global.equals(ORDERED_DICT)) {
            if (a.length != 0) {
                throw refused("collections.OrderedDict with arguments");
            }
            return new LinkedHashMap<Object, Object>();
        }
        if (global.equals(REBUILD_TENSOR)) {
            return rebuildTensor(a);
        }
        if (global.equals(REBUILD_FROM_TYPE)) {
            // (func, new_type, args, state): func(*args), then viewed as new_type (Parameter or Tensor)
            if (a.length != 4 || !(a[1] instanceof Global type) || !TENSOR_TYPES.contains(type) || !emptyState(a[3])) {
                throw refused("_rebuild_from_type_v2 arguments " + describe(a));
            }
            return call(a[0], a[2]);
        }
        // _rebuild_parameter(data, requires_grad, hooks[, state]): the tensor itself
        if (a.length < 3 || !(a[0] instanceof TensorRef) || !emptyState(a[2]) || (a.length > 3 && !emptyState(a[3]))) {
            throw refused(global.name() + " arguments " + describe(a));
        }
        return a[0];
    }

    /** (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private TensorRef rebuildTensor(Object[] a) {
        if (a.length < 6 || a.length > 7 || !(a[0] instanceof StorageRef storage) || !(a[1] instanceof Number offset)
                || !emptyState(a[5]) || (a.length == 7 && !emptyState(a[6]))) {
            throw refused("_rebuild_tensor_v2 arguments " + describe(a));
        }
        long[] size = longs(a[2]);
        long[] stride = longs(a[3]);
        if (size.length != stride.length || offset.longValue() < 0) {
            throw refused("_rebuild_tensor_v2 with size " + describe(a[2]) + " and stride " + describe(a[3]));
        }
        return new TensorRef(storage, offset.longValue(), size, stride);
    }

    private void build(Object state, Object target) {
        // torch.save of module.state_dict() sets the dict's _metadata attribute (version numbers): ignored.
        if (!(target instanceof Map) || !(state instanceof Map || emptyState(state))) {
            throw refused("BUILD on " + describe(target));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnStack() {
        Object top = stack.peek();
        if (!(top instanceof Map)) {
            throw refused("SETITEM on " + describe(top));
        }
        return (Map<Object, Object>) top;
    }

    private long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] t)) {
            throw refused("tensor size/stride " + describe(tuple));
        }
        long[] values = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] instanceof Number n) || n.longValue() < 0) {
                throw refused("tensor size/stride " + describe(tuple));
            }
            values[i] = n.longValue();
        }
        return values;
    }

    private static boolean emptyState(Object value) {
        return value == null || value instanceof Boolean || (value instanceof Map<?, ?> m && m.isEmpty())
                || (value instanceof Object[] t && t.length == 0);
    }

    private ModelLoadException refused(String what) {
        return new ModelLoadException(source + ": the pickle uses " + what
                + ", which a state dict never needs; refusing to load it (a checkpoint must not run code)");
    }

    private static String describe(Object value) {
        if (value instanceof Object[] t) {
            return Arrays.deepToString(t);
        }
        if (value instanceof Global g) {
            return g.qualified();
        }
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static String opcodeName(short key) {
        return switch (key) {
            case Opcodes.INST -> "INST";
            case Opcodes.OBJ -> "OBJ";
            case Opcodes.NEWOBJ -> "NEWOBJ";
            case Opcodes.NEWOBJ_EX -> "NEWOBJ_EX";
            case Opcodes.PERSID -> "PERSID";
            default -> "EXT" + (key - Opcodes.EXT1 + 1);
        };
    }
}

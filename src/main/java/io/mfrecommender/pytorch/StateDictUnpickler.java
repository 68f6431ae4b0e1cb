package io.mfrecommender.pytorch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler restricted to what {@code torch.save(model.state_dict(), f)} writes, the
 * same allowlist idea as PyTorch's own {@code weights_only} loader: the globals
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and the {@code torch.*Storage} types, persistent ids
 * naming storages, and plain data. Every other global is refused by name before anything is
 * looked up, and the opcodes that construct arbitrary objects ({@code INST}, {@code OBJ},
 * {@code NEWOBJ}, the extension registry) are refused outright; a {@code BUILD} may only set the
 * {@code _metadata} of the state dict itself. Nothing the pickle names is ever instantiated or
 * called: allowed globals become this class's own constructors.
 *
 * <p>Length-prefixed strings and bytes are checked against what is left of the pickle before
 * Pyrolite allocates them, so a forged length cannot exhaust the heap.
 */
final class StateDictUnpickler extends Unpickler {

    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_.]{1,64}");

    /** The state dict itself: {@code collections.OrderedDict}. */
    static final class StateDictMap extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1;
    }

    /** A storage type named by a persistent id; {@code dtype} null for types this reader does not take. */
    record StorageType(String name, Tensor.DType dtype) {}

    /** A storage a persistent id points at: the record {@code data/<key>} of the archive. */
    record StorageRef(StorageType type, String key, long numel) {}

    /** A tensor as {@code _rebuild_tensor_v2} describes it, before its storage is read. */
    record PendingTensor(StorageRef storage, long offset, long[] size, long[] stride) {}

    private ByteArrayInputStream bytes;
    private Containers containers;

    /** Reads the pickle: what its {@code STOP} returns. */
    Object read(byte[] pickle) {
        bytes = new ByteArrayInputStream(pickle);
        containers = new Containers();
        try {
            return load(bytes);
        } catch (PthFormatException e) {
            throw e;
        } catch (StackOverflowError e) {
            // Not expected with the nesting bounded (Containers); a backstop that names the cause.
            throw new PthFormatException(
                    "data.pkl nests too deeply to read (at most " + Containers.MAX_DEPTH + " levels are accepted)");
        } catch (IOException | RuntimeException e) {
            throw new PthFormatException("data.pkl is not a readable state-dict pickle: " + describe(e), e);
        } finally {
            close();
        }
    }

    /** Pyrolite's stand-in for an element that is None: none is placed, so {@code List.of} takes it. */
    private static final Object NONE = new Object();

    private static Object nullable(Object value) {
        return value == null ? NONE : value;
    }

    /**
     * How deep the containers the pickle builds nest, checked as they are built, so that a forged
     * pickle cannot make a structure whose hashing, printing or walking overflows the stack. Each
     * container's depth is fixed once it is placed inside another ("sealed"): a sealed container may
     * not change any more, which also rules out cycles. {@code torch.save} builds every container
     * before placing it, so a state dict never needs that, and it nests 4 deep at most.
     */
    static final class Containers {
        static final int MAX_DEPTH = 32;

        private final Map<Object, Integer> depths = new IdentityHashMap<>();
        private final Set<Object> sealed = Collections.newSetFromMap(new IdentityHashMap<>());

        /**
         * {@code items} go into {@code target} (for a tuple built whole, {@code items} null: its own
         * elements): refused when {@code target} is sealed or would nest deeper than the limit.
         */
        <T> T place(T target, Object[] items) {
            if (sealed.contains(target)) {
                throw new PthFormatException("data.pkl changes a list or dict after placing it inside another, "
                        + "which torch.save never does (a recursive or forged structure): refused");
            }
            Object[] placed = items == null ? (Object[]) target : items;
            int depth = depth(target);
            for (Object item : placed) {
                if (item == target) {
                    throw new PthFormatException("data.pkl places a container inside itself: refused");
                }
                depth = Math.max(depth, 1 + depth(item));
                if (isContainer(item)) {
                    sealed.add(item);
                }
            }
            if (depth > MAX_DEPTH) {
                throw new PthFormatException("data.pkl nests lists, tuples or dicts more than " + MAX_DEPTH
                        + " levels deep (the limit; a state dict nests 4): refused");
            }
            depths.put(target, depth);
            return target;
        }

        private int depth(Object value) {
            return isContainer(value) ? depths.getOrDefault(value, 1) : 0;
        }

        private static boolean isContainer(Object value) {
            return value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[];
        }
    }

    private static String describe(Exception e) {
        return e instanceof ClassCastException
                ? "an object is used where the pickle protocol needs another kind"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.STACK_GLOBAL) {
            Object name = stack.pop();
            Object module = stack.pop();
            if (!(module instanceof String m) || !(name instanceof String n)) {
                throw new PthFormatException("data.pkl names a global by something other than text");
            }
            stack.add(global(m, n));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.INST) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            throw PthFormatException.refused(module + "." + name);
        }
        if (key == Opcodes.OBJ
                || key == Opcodes.NEWOBJ
                || key == Opcodes.NEWOBJ_EX
                || key == Opcodes.EXT1
                || key == Opcodes.EXT2
                || key == Opcodes.EXT4) {
            throw new PthFormatException("data.pkl constructs objects by class (pickle opcode " + opcodeName(key)
                    + "), which a state dict never does: refused");
        }
        if (key == Opcodes.BUILD) {
            stack.pop();
            if (!(stack.peek() instanceof StateDictMap)) {
                throw new PthFormatException(
                        "data.pkl sets the state of an object other than the state dict (pickle opcode BUILD): refused");
            }
            // The state dict's _metadata (its modules' versions): not needed to read the tensors.
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.EMPTY_SET || key == Opcodes.ADDITEMS || key == Opcodes.FROZENSET) {
            throw new PthFormatException("data.pkl builds a set, which a state dict never holds: refused");
        }
        if (key == Opcodes.TUPLE) {
            stack.add(containers.place(stack.pop_all_since_marker().toArray(), null));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.TUPLE1 || key == Opcodes.TUPLE2 || key == Opcodes.TUPLE3) {
            Object[] tuple = new Object[key == Opcodes.TUPLE1 ? 1 : key == Opcodes.TUPLE2 ? 2 : 3];
            for (int i = tuple.length - 1; i >= 0; i--) {
                tuple[i] = stack.pop();
            }
            stack.add(containers.place(tuple, null));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.LIST) {
            List<Object> items = stack.pop_all_since_marker();
            stack.add(containers.place(new ArrayList<>(items), items.toArray()));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.APPEND || key == Opcodes.APPENDS) {
            List<Object> items = key == Opcodes.APPEND ? List.of(nullable(stack.pop())) : stack.pop_all_since_marker();
            if (!(stack.peek() instanceof List<?>)) {
                throw new PthFormatException("data.pkl appends to something that is not a list");
            }
            @SuppressWarnings("unchecked")
            List<Object> target = (List<Object>) stack.peek();
            containers.place(target, items.toArray());
            items.forEach(item -> target.add(item == NONE ? null : item));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.DICT || key == Opcodes.SETITEM || key == Opcodes.SETITEMS) {
            List<Object> items;
            if (key == Opcodes.SETITEM) {
                Object value = stack.pop();
                items = Arrays.asList(stack.pop(), value);
            } else {
                items = stack.pop_all_since_marker();
            }
            if (key == Opcodes.DICT) {
                stack.add(new HashMap<Object, Object>());
            }
            if (!(stack.peek() instanceof Map<?, ?>) || items.size() % 2 != 0) {
                throw new PthFormatException("data.pkl sets items of something that is not a dict");
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> target = (Map<Object, Object>) stack.peek();
            containers.place(target, items.toArray());
            // In the pickle's order, which is the state dict's (Pyrolite's own SETITEMS reverses it).
            for (int i = 0; i < items.size(); i += 2) {
                Object name = items.get(i);
                if (name instanceof Collection<?> || name instanceof Map<?, ?>) {
                    throw new PthFormatException("data.pkl uses a list or a dict as a dict key: refused");
                }
                target.put(name, items.get(i + 1));
            }
            return NO_RETURN_VALUE;
        }
        requireLengthWithinPickle(key);
        return super.dispatch(key);
    }

    private static String opcodeName(short key) {
        if (key == Opcodes.OBJ) {
            return "OBJ";
        }
        if (key == Opcodes.NEWOBJ) {
            return "NEWOBJ";
        }
        if (key == Opcodes.NEWOBJ_EX) {
            return "NEWOBJ_EX";
        }
        return "EXT";
    }

    /** For the opcodes whose argument is a length then that many bytes: the length must fit in what is left. */
    private void requireLengthWithinPickle(short key) {
        int width;
        if (key == Opcodes.BINSTRING || key == Opcodes.BINBYTES || key == Opcodes.BINUNICODE || key == Opcodes.LONG4) {
            width = 4;
        } else if (key == Opcodes.BINBYTES8 || key == Opcodes.BINUNICODE8 || key == Opcodes.BYTEARRAY8) {
            width = 8;
        } else {
            return;
        }
        bytes.mark(width);
        long length = 0;
        for (int b = 0; b < width; b++) {
            int next = bytes.read();
            if (next < 0) {
                throw new PthFormatException("data.pkl ends inside a length");
            }
            length |= (long) next << (8 * b);
        }
        int left = bytes.available();
        bytes.reset();
        if (length < 0 || length > left) {
            throw new PthFormatException("data.pkl declares a value of " + Long.toUnsignedString(length)
                    + " bytes with " + left + " bytes left: truncated or forged");
        }
    }

    private Object global(String module, String name) {
        String qualified = module + "." + name;
        return switch (qualified) {
            case "collections.OrderedDict" ->
                (IObjectConstructor) args -> {
                    if (args.length != 0) {
                        throw new PthFormatException(
                                "collections.OrderedDict is built with arguments; a state dict has none");
                    }
                    return new StateDictMap();
                };
            case "torch._utils._rebuild_tensor_v2" -> (IObjectConstructor) StateDictUnpickler::rebuildTensor;
            case "torch._utils._rebuild_parameter" ->
                (IObjectConstructor) args -> {
                    if (args.length < 1 || !(args[0] instanceof PendingTensor tensor)) {
                        throw new PthFormatException("torch._utils._rebuild_parameter is not given a tensor");
                    }
                    return tensor;
                };
            case "torch.FloatStorage" -> new StorageType(name, Tensor.DType.FLOAT32);
            case "torch.DoubleStorage" -> new StorageType(name, Tensor.DType.FLOAT64);
            default -> {
                if (module.equals("torch") && name.matches("[A-Za-z0-9]{1,32}Storage")) {
                    yield new StorageType(name, null);
                }
                throw PthFormatException.refused(qualified);
            }
        };
    }

    /** {@code ('storage', storage_type, key, location, numel)}, as {@code torch.save} writes a storage's id. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length != 5 || !"storage".equals(id[0])) {
            throw new PthFormatException("data.pkl has a persistent id that is not a torch storage");
        }
        if (!(id[1] instanceof StorageType type)) {
            throw new PthFormatException("a storage's type is not a torch storage type");
        }
        if (type.dtype() == null) {
            throw new PthFormatException("a tensor is stored as " + type.name()
                    + "; this reader takes float32 (FloatStorage) and float64 (DoubleStorage): "
                    + "convert with model.float() before torch.save");
        }
        if (!(id[2] instanceof String key) || !STORAGE_KEY.matcher(key).matches()) {
            throw new PthFormatException("a storage key is not a plain record name");
        }
        long numel = integer(id[4], "a storage's length");
        if (numel < 0) {
            throw new PthFormatException("storage " + key + " declares a negative length");
        }
        return new StorageRef(type, key, numel);
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || args.length > 7 || !(args[0] instanceof StorageRef storage)) {
            throw new PthFormatException(
                    "torch._utils._rebuild_tensor_v2 is not given a storage, offset, size and stride");
        }
        long offset = integer(args[1], "a tensor's storage offset");
        long[] size = integers(args[2], "a tensor's size");
        long[] stride = integers(args[3], "a tensor's stride");
        if (size.length != stride.length) {
            throw new PthFormatException("a tensor has " + size.length + " sizes and " + stride.length + " strides");
        }
        return new PendingTensor(storage, offset, size, stride);
    }

    private static long[] integers(Object value, String what) {
        if (!(value instanceof Object[] tuple) || tuple.length > 8) {
            throw new PthFormatException(what + " is not a tuple of at most 8 whole numbers");
        }
        long[] values = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            values[i] = integer(tuple[i], what);
        }
        return values;
    }

    private static long integer(Object value, String what) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new PthFormatException(what + " is not a whole number that fits 64 bits");
    }
}

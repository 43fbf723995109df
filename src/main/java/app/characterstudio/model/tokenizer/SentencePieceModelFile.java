package app.characterstudio.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The piece table and special ids of a SentencePiece {@code tokenizer.model}, read straight from its
 * protobuf: DJL's vocabulary cannot tell its size, and asking its native code for an id past the end kills
 * the JVM. ModelProto: 1 = repeated SentencePiece {1 piece, 2 score, 3 type}, 2 = TrainerSpec
 * {3 model_type, 35 byte_fallback, 40 unk_id, 41 bos_id, 42 eos_id, 43 pad_id}, 3 = NormalizerSpec {1 name,
 * 3 add_dummy_prefix}.
 */
public record SentencePieceModelFile(List<Piece> pieces, int unkId, int bosId, int eosId, int padId,
                                     boolean byteFallback, String normalization, boolean addDummyPrefix) {
    public enum PieceType { NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE }

    public record Piece(String text, PieceType type) {
    }

    public SentencePieceModelFile {
        pieces = List.copyOf(pieces);
    }

    public int size() {
        return pieces.size();
    }

    public static SentencePieceModelFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TokenizerLoadException("missing file " + file);
        } catch (IOException e) {
            throw new TokenizerLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (RuntimeException e) {
            throw new TokenizerLoadException(file + " is not a SentencePiece model (" + e.getMessage() + ")", e);
        }
    }

    static SentencePieceModelFile parse(byte[] bytes) {
        List<Piece> pieces = new ArrayList<>();
        int[] ids = {0, 1, 2, -1};
        boolean[] byteFallback = {false};
        String[] normalization = {""};
        boolean[] dummyPrefix = {true};
        Reader model = new Reader(bytes, 0, bytes.length);
        while (model.more()) {
            int tag = (int) model.varint();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                pieces.add(piece(model.message()));
            } else if (field == 2 && (tag & 7) == 2) {
                Reader spec = model.message();
                while (spec.more()) {
                    int t = (int) spec.varint();
                    switch (t >>> 3) {
                        case 35 -> byteFallback[0] = spec.varint() != 0;
                        case 40, 41, 42, 43 -> ids[(t >>> 3) - 40] = (int) spec.varint();
                        default -> spec.skip(t & 7);
                    }
                }
            } else if (field == 3 && (tag & 7) == 2) {
                Reader spec = model.message();
                while (spec.more()) {
                    int t = (int) spec.varint();
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        normalization[0] = spec.string();
                    } else if (t >>> 3 == 3 && (t & 7) == 0) {
                        dummyPrefix[0] = spec.varint() != 0;
                    } else {
                        spec.skip(t & 7);
                    }
                }
            } else {
                model.skip(tag & 7);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        return new SentencePieceModelFile(pieces, ids[0], ids[1], ids[2], ids[3], byteFallback[0], normalization[0],
                dummyPrefix[0]);
    }

    private static Piece piece(Reader message) {
        String text = "";
        PieceType type = PieceType.NORMAL;
        while (message.more()) {
            int tag = (int) message.varint();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                text = message.string();
            } else if (tag >>> 3 == 3 && (tag & 7) == 0) {
                int value = (int) message.varint();
                type = value >= 1 && value <= 6 ? PieceType.values()[value - 1] : PieceType.NORMAL;
            } else {
                message.skip(tag & 7);
            }
        }
        return new Piece(text, type);
    }

    /** Minimal protobuf wire-format reader over a byte range. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        Reader message() {
            int length = Math.toIntExact(varint());
            if (length < 0 || position + length > end) {
                throw new IllegalArgumentException("field of " + length + " bytes runs past the end");
            }
            Reader inner = new Reader(bytes, position, position + length);
            position += length;
            return inner;
        }

        String string() {
            Reader inner = message();
            return new String(bytes, inner.position, inner.end - inner.position, StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> message();
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private void advance(int count) {
            if (position + count > end) {
                throw new IllegalArgumentException("truncated field");
            }
            position += count;
        }
    }
}

package org.together.aggregation.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact binary encoding of the topology's own state (zig-zag varints, length-prefixed UTF-8).
 * State values are private to this application; each starts with a format version byte so a
 * later release can read what an earlier one wrote.
 */
final class Binary {

    private Binary() {
    }

    static final class Writer {
        /** Each thread's writer to reuse, so that encoding a value does not grow a new array from 64 bytes each time. */
        private static final ThreadLocal<Writer> REUSED = ThreadLocal.withInitial(Writer::new);
        /** A larger array is not kept once its value is written. */
        private static final int MAX_KEPT = 64 * 1024;

        private byte[] bytes = new byte[64];
        private int size;
        private boolean reused;

        /** This thread's writer, empty, until {@link #toByteArray}; a new one while it is in use (an encoding inside another). */
        static Writer reused() {
            Writer w = REUSED.get();
            if (w.reused) {
                return new Writer();
            }
            w.size = 0;
            w.reused = true;
            return w;
        }

        Writer version(int version) {
            return writeByte(version);
        }

        Writer writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
            return this;
        }

        Writer writeLong(long value) {
            long v = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
            return this;
        }

        Writer writeBytes(byte[] block) {
            writeLong(block.length);
            ensure(block.length);
            System.arraycopy(block, 0, bytes, size, block.length);
            size += block.length;
            return this;
        }

        Writer writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
            return this;
        }

        byte[] toByteArray() {
            byte[] written = Arrays.copyOf(bytes, size);
            if (reused) {
                reused = false;
                if (bytes.length > MAX_KEPT) {
                    bytes = new byte[64];
                }
            }
            return written;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        Reader expectVersion(int version, String what) {
            int found = readByte();
            if (found != version) {
                throw new IllegalStateException(what + " state has format version " + found + ", this release reads " + version);
            }
            return this;
        }

        /** The format version, one of those this release reads. */
        int readVersion(String what, int... readable) {
            int found = readByte();
            for (int v : readable) {
                if (v == found) {
                    return found;
                }
            }
            throw new IllegalStateException(what + " state has format version " + found + ", this release reads "
                    + java.util.Arrays.toString(readable));
        }

        int readByte() {
            return bytes[position++] & 0xFF;
        }

        long readLong() {
            long v = 0;
            int shift = 0;
            while (true) {
                byte b = bytes[position++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            return (v >>> 1) ^ -(v & 1);
        }

        int readInt() {
            return Math.toIntExact(readLong());
        }

        byte[] readBytes() {
            int length = readInt();
            byte[] block = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return block;
        }

        String readString() {
            int length = readInt();
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }
    }
}

package dev.jgan.generate;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic {@code
 * \x93NUMPY}, a version, the header length, an ASCII Python dict literal with descr, fortran_order
 * and shape, then the raw data in C order.
 */
public final class Npy {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The data starts at a multiple of this many bytes (numpy writes 64 since 1.14). */
  public static final int ALIGNMENT = 64;

  private Npy() {}

  /** A version 1.0 header for little-endian float32 data of this shape, padded to 64 bytes. */
  public static byte[] float32Header(long... shape) {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        dims.append(shape.length == 1 ? "," : ", ");
      }
    }
    dims.append(')');
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
    int preamble = MAGIC.length + 2 + 2; // magic, version, uint16 header length
    int unpadded = preamble + dict.length() + 1; // + '\n'
    int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    int headerLen = total - preamble;
    if (headerLen > 0xffff) {
      throw new IllegalArgumentException("npy header too long for version 1.0: " + headerLen);
    }
    String padded = dict + " ".repeat(total - unpadded) + "\n";
    ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
    buf.put(padded.getBytes(StandardCharsets.US_ASCII));
    return buf.array();
  }

  /** A parsed array: its shape and its values as float32, C order. */
  public record Array(long[] shape, float[] data) {}

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Reads a float32 (or float64, converted) .npy file; anything else is bad input. */
  public static Array read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte b : MAGIC) {
      if (!buf.hasRemaining() || buf.get() != b) {
        throw bad(file, "does not start with the .npy magic \\x93NUMPY");
      }
    }
    if (buf.remaining() < 4) {
      throw bad(file, "ends inside the header");
    }
    int major = buf.get() & 0xff;
    buf.get(); // minor
    long headerLen;
    if (major == 1) {
      headerLen = buf.getShort() & 0xffff;
    } else if (major == 2 || major == 3) {
      if (buf.remaining() < 4) {
        throw bad(file, "ends inside the header");
      }
      headerLen = buf.getInt() & 0xffffffffL;
    } else {
      throw bad(file, "has unsupported format version " + major);
    }
    if (headerLen > buf.remaining()) {
      throw bad(file, "ends inside the header");
    }
    byte[] headerBytes = new byte[(int) headerLen];
    buf.get(headerBytes);
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeM = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeM.find()) {
      throw bad(file, "has a header without descr, fortran_order and shape: " + header.strip());
    }
    List<Long> dims = new ArrayList<>();
    for (String part : shapeM.group(1).split(",")) {
      if (!part.isBlank()) {
        try {
          dims.add(Long.parseLong(part.strip()));
        } catch (NumberFormatException e) {
          throw bad(file, "has a bad shape (" + shapeM.group(1) + ")");
        }
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw bad(file, "has a bad shape (" + shapeM.group(1) + ")");
      }
      count = Math.multiplyExact(count, d);
    }
    if (fortran.group(1).equals("True") && shape.length > 1) {
      throw bad(file, "is in Fortran order; save it with np.ascontiguousarray");
    }
    String type = descr.group(1);
    int width;
    if (type.equals("<f4") || type.equals("=f4") || type.equals("f4")) {
      width = 4;
    } else if (type.equals("<f8") || type.equals("=f8") || type.equals("f8")) {
      width = 8;
    } else {
      throw bad(file, "has dtype '" + type + "'; save it as float32 with z.astype(np.float32)");
    }
    if (buf.remaining() != count * width) {
      throw bad(
          file,
          "holds "
              + buf.remaining()
              + " data bytes but its header declares "
              + count
              + " values of "
              + width
              + " bytes; the file is truncated or damaged");
    }
    float[] data = new float[(int) count];
    for (int i = 0; i < data.length; i++) {
      data[i] = width == 4 ? buf.getFloat() : (float) buf.getDouble();
    }
    return new Array(shape, data);
  }

  private static BadInputException bad(Path file, String problem) {
    return new BadInputException(file + ": " + problem + " (expected a .npy float32 array)");
  }
}

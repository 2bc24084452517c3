package dev.jgan.monitor;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;

/**
 * Reads TensorBoard event files back, as TensorBoard does: TFRecord framing (little-endian length,
 * its masked CRC, the data, the data's masked CRC) around serialized {@code Event} protos.
 */
public final class EventFiles {
  private EventFiles() {}

  /** Every event of every {@code events.out.tfevents.*} file in {@code logdir}. */
  public static List<Event> read(Path logdir) throws IOException {
    List<Event> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(logdir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith("events.out.tfevents."))
              .sorted()
              .toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          events.addAll(records(new DataInputStream(in)));
        }
      }
    }
    return events;
  }

  private static List<Event> records(DataInputStream in) throws IOException {
    List<Event> events = new ArrayList<>();
    while (true) {
      byte[] header = new byte[12];
      try {
        in.readFully(header);
      } catch (EOFException end) {
        return events;
      }
      long length = ByteBuffer.wrap(header, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      byte[] data = new byte[Math.toIntExact(length)];
      in.readFully(data);
      in.readFully(new byte[4]); // the data's CRC
      events.add(Event.parseFrom(data));
    }
  }
}

package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
  @TempDir Path dir;

  @Test
  void hashesStoredAndDecompressedBytes() throws Exception {
    byte[] raw = TestFiles.labels(100);
    byte[] gz = TestFiles.gzip(raw);
    Path file = TestFiles.write(dir.resolve("x.gz"), gz);

    Checksums.Hashes hashes = Checksums.hash(IdxSource.of(file));
    assertEquals(TestFiles.sha256(gz), hashes.stored());
    assertEquals(Optional.of(TestFiles.sha256(raw)), hashes.decompressed());

    Path plain = TestFiles.write(dir.resolve("x"), raw);
    assertEquals(
        new Checksums.Hashes(TestFiles.sha256(raw), Optional.empty()),
        Checksums.hash(IdxSource.of(plain)));
    assertEquals(TestFiles.sha256(raw), Checksums.sha256(plain));
  }

  @Test
  void acceptsGzByEitherHashAndRejectsOthers() throws Exception {
    byte[] raw = TestFiles.labels(100);
    Path gz = TestFiles.write(dir.resolve("a-labels.gz"), TestFiles.gzip(raw));
    Path other = TestFiles.write(dir.resolve("a-labels"), TestFiles.labels(99));

    DataFile byRaw = DataFile.of("a-labels", TestFiles.sha256(raw));
    DataFile byGz = DataFile.of("a-labels", TestFiles.sha256(TestFiles.gzip(raw)));
    assertEquals(Optional.empty(), Checksums.mismatch(IdxSource.of(gz), byRaw));
    assertEquals(Optional.empty(), Checksums.mismatch(IdxSource.of(gz), byGz));

    Optional<String> bad = Checksums.mismatch(IdxSource.of(other), byRaw);
    assertTrue(bad.isPresent());
    assertTrue(bad.get().contains(TestFiles.sha256(TestFiles.labels(99))), bad.get());
    assertTrue(bad.get().contains(TestFiles.sha256(raw)), bad.get());
  }

  @Test
  void specHashesAreWellFormedAndDistinct() {
    for (DatasetSpec spec : DatasetSpec.known()) {
      assertEquals(4, spec.files().stream().distinct().count());
      assertEquals(spec, DatasetSpec.byName(spec.name()));
    }
  }
}

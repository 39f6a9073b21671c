package io.llmcache.analytics.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {
  @TempDir
  Path root;

  @Test
  void noDirectoryOrNoCheckpointMeansFreshStart() throws Exception {
    assertThat(CheckpointLocator.latestCompleted(root.resolve("missing"))).isEmpty();
    Files.createDirectories(root.resolve("job-a/chk-1"));
    Files.createDirectories(root.resolve("job-a/shared"));
    assertThat(CheckpointLocator.latestCompleted(root)).isEmpty();
  }

  @Test
  void picksNewestCompletedCheckpointAcrossRuns() throws Exception {
    checkpoint("job-a/chk-7", "2025-03-01T10:00:00Z");
    checkpoint("job-a/chk-8", "2025-03-01T10:00:05Z");
    checkpoint("job-b/chk-9", "2025-03-01T10:05:00Z");
    checkpoint("job-b/chk-10", "2025-03-01T10:05:05Z");
    // Being written when the process died: no _metadata yet.
    Files.createDirectories(root.resolve("job-b/chk-11"));
    checkpoint("job-b/savepoint-1", "2025-03-01T11:00:00Z");

    assertThat(CheckpointLocator.latestCompleted(root)).contains(root.resolve("job-b/chk-10"));
  }

  private void checkpoint(String dir, String written) throws Exception {
    Path metadata = Files.createDirectories(root.resolve(dir)).resolve("_metadata");
    Files.write(metadata, new byte[] {1});
    Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(written)));
  }
}

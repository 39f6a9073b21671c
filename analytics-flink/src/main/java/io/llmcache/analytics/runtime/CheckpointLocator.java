package io.llmcache.analytics.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint root laid out by Flink as
 * {@code <root>/<job-id>/chk-<n>/_metadata}. A {@code chk-<n>} directory without {@code _metadata}
 * is a checkpoint that was still being written when the process died, and is skipped.
 */
public final class CheckpointLocator {
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

  private CheckpointLocator() {}

  /** The newest completed checkpoint directory, by time its metadata was written, then by number. */
  public static Optional<Path> latestCompleted(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jobDirs = Files.list(root)) {
      return jobDirs.filter(Files::isDirectory)
          .flatMap(CheckpointLocator::completedCheckpoints)
          .max(Comparator.comparing(Candidate::metadataModified).thenComparingLong(Candidate::number))
          .map(Candidate::dir);
    }
  }

  private static Stream<Candidate> completedCheckpoints(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children.map(dir -> {
        Matcher m = CHECKPOINT_DIR.matcher(dir.getFileName().toString());
        Path metadata = dir.resolve("_metadata");
        if (!m.matches() || !Files.isRegularFile(metadata)) {
          return null;
        }
        try {
          return new Candidate(dir, Long.parseLong(m.group(1)), Files.getLastModifiedTime(metadata).toMillis());
        } catch (IOException e) {
          return null; // deleted meanwhile (subsumed): not a candidate
        }
      }).filter(c -> c != null).toList().stream();
    } catch (IOException e) {
      return Stream.empty(); // job directory deleted meanwhile
    }
  }

  private record Candidate(Path dir, long number, long metadataModified) {}
}

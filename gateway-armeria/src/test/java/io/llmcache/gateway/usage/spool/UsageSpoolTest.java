package io.llmcache.gateway.usage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageSpoolTest {

    @TempDir
    Path root;

    private UsageSpool open(long maxBytes, long segmentBytes) throws IOException {
        return UsageSpool.open(new SpoolSettings(root, maxBytes, segmentBytes), Clock.systemUTC());
    }

    private static List<byte[]> payloads(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> (prefix + i).getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Reads and commits everything, in order. */
    private static List<String> drainAll(UsageSpool spool) throws IOException {
        List<String> out = new ArrayList<>();
        for (UsageSpool.Batch batch = spool.peek(7); batch.size() > 0; batch = spool.peek(7)) {
            for (int i = 0; i < batch.size(); i++) {
                out.add(new String(batch.payload(i), StandardCharsets.UTF_8));
            }
            spool.commit(batch, batch.size());
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void appendedRecordsComeBackInOrderAcrossSegmentsAndTheSpoolEndsEmpty() throws IOException {
        try (UsageSpool spool = open(1 << 20, 64)) {
            assertThat(spool.append(payloads("e", 50))).isEqualTo(50);
            assertThat(segmentFiles()).hasSizeGreaterThan(5);
            assertThat(spool.stats().pendingEvents()).isEqualTo(50);

            assertThat(drainAll(spool)).containsExactlyElementsOf(payloads("e", 50).stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList());
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.stats().pendingBytes()).isZero();
            assertThat(segmentFiles()).isEmpty();
        }
    }

    @Test
    void aLaterProcessAdoptsWhatWasLeftAndSkipsWhatWasAlreadyDelivered() throws IOException {
        try (UsageSpool first = open(1 << 20, 100)) {
            first.append(payloads("e", 20));
            UsageSpool.Batch batch = first.peek(3);
            first.commit(batch, 3);
        }
        try (UsageSpool second = open(1 << 20, 100)) {
            assertThat(second.stats().pendingEvents()).isEqualTo(17);
            second.append(payloads("new", 2));
            List<String> drained = drainAll(second);
            assertThat(drained).first().isEqualTo("e3");
            assertThat(drained).endsWith("e19", "new0", "new1").hasSize(19);
        }
        try (Stream<Path> dirs = Files.list(root)) {
            assertThat(dirs).as("drained directories are removed on close").isEmpty();
        }
    }

    @Test
    void anUnreadableCursorMeansRedeliveryFromTheStartNeverLoss() throws IOException {
        try (UsageSpool first = open(1 << 20, 1 << 16)) {
            first.append(payloads("e", 4));
            first.commit(first.peek(2), 2);
        }
        Path cursor = crashLeftover().resolveSibling("cursor");
        assertThat(cursor).exists();
        Files.writeString(cursor, "garbage");
        try (UsageSpool second = open(1 << 20, 1 << 16)) {
            assertThat(drainAll(second)).containsExactly("e0", "e1", "e2", "e3");
        }
    }

    @Test
    void aRunningSpoolsDirectoryIsNotAdoptedByAnother() throws IOException {
        try (UsageSpool running = open(1 << 20, 1 << 16); UsageSpool other = open(1 << 20, 1 << 16)) {
            running.append(payloads("mine", 3));
            assertThat(other.isEmpty()).isTrue();
            assertThat(other.peek(10).size()).isZero();
            assertThat(drainAll(running)).containsExactly("mine0", "mine1", "mine2");
        }
    }

    @Test
    void aTornTailFromACrashIsSkippedAndTheIntactRecordsSurvive() throws IOException {
        try (UsageSpool spool = open(1 << 20, 1 << 16)) {
            spool.append(payloads("e", 5));
        }
        Path segment = crashLeftover();
        long intact = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(intact);
            file.writeInt(100); // a header promising 100 bytes, followed by only 3: the crash hit mid-write
            file.writeInt(42);
            file.write(new byte[] {1, 2, 3});
        }
        try (UsageSpool spool = open(1 << 20, 1 << 16)) {
            assertThat(spool.stats().pendingEvents()).isEqualTo(5);
            assertThat(drainAll(spool)).containsExactly("e0", "e1", "e2", "e3", "e4");
            assertThat(spool.stats().corrupt()).isEqualTo(1);
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void aRecordWithABadCrcIsSkippedAndReadingGoesOn() throws IOException {
        try (UsageSpool spool = open(1 << 20, 1 << 16)) {
            spool.append(payloads("e", 3));
        }
        Path segment = crashLeftover();
        int recordSize = SegmentFormat.HEADER_BYTES + 2; // "e0"
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(recordSize + SegmentFormat.HEADER_BYTES); // first payload byte of the second record
            file.write('X');
        }
        try (UsageSpool spool = open(1 << 20, 1 << 16)) {
            assertThat(drainAll(spool)).containsExactly("e0", "e2");
            assertThat(spool.stats().corrupt()).isEqualTo(1);
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void aFullSpoolRefusesNewRecordsAndKeepsTheOnesItHas() throws IOException {
        long recordSize = SegmentFormat.HEADER_BYTES + 2;
        try (UsageSpool spool = open(recordSize * 4, recordSize * 2)) {
            assertThat(spool.append(payloads("e", 6))).isEqualTo(4);
            assertThat(spool.stats().refused()).isEqualTo(2);
            assertThat(spool.stats().pendingBytes()).isEqualTo(recordSize * 4);

            UsageSpool.Batch batch = spool.peek(2);
            spool.commit(batch, 2);
            assertThat(spool.append(payloads("f", 1))).as("room again after a drain").isEqualTo(1);
            assertThat(drainAll(spool)).containsExactly("e2", "e3", "f0");
        }
    }

    /** Pretends the process died: the spool was closed with events, so its directory holds one segment. */
    private Path crashLeftover() throws IOException {
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }
}

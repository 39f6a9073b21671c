package io.llmcache.gateway.usage.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only, crash-safe FIFO of serialized usage events on local disk.
 *
 * <p>Layout: {@code <root>/<instance>/NNN.seg} segment files ({@link SegmentFormat}), a {@code cursor} file
 * ({@code "<segment> <offset>"}, how far the oldest segment was delivered) and a {@code lock} file. Each open
 * spool writes into a directory of its own, locked for as long as it runs, so several gateways (or tests)
 * may share a root. On open it also adopts every directory whose lock is free, i.e. left by a process that
 * stopped, and hands its events out first: nothing a previous process spooled is lost.
 *
 * <p>{@link #append} syncs to disk before it returns, once per call (group commit). Reads hand out only
 * synced records. Thread-safe; callers must keep file I/O off event loops.
 */
public final class UsageSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageSpool.class);
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String CURSOR = "cursor";
    private static final String LOCK = "lock";
    private static final int COUNT_CHUNK = 10_000;

    private final long maxBytes;
    private final long segmentBytes;
    private final Path ownDir;
    private final Map<Path, HeldLock> locks = new LinkedHashMap<>();
    /** Oldest first; the last one of {@link #ownDir}, if any, is {@link #active}. */
    private final Deque<Segment> segments = new ArrayDeque<>();
    private Segment active;
    private FileChannel writer;
    private long nextSegmentNumber;
    private boolean closed;

    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    private UsageSpool(Path ownDir, long maxBytes, long segmentBytes) {
        this.ownDir = ownDir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /** Opens a spool under {@code settings.dir()}, adopting what stopped processes left there. */
    public static UsageSpool open(SpoolSettings settings, Clock clock) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path root = settings.dir();
        Files.createDirectories(root);
        String name = String.format("%013d-%08x", clock.millis(), ThreadLocalRandom.current().nextInt());
        UsageSpool spool = new UsageSpool(root.resolve(name), settings.maxBytes(), settings.segmentBytes());
        try {
            List<Path> dirs;
            try (Stream<Path> children = Files.list(root)) {
                dirs = children.filter(Files::isDirectory).sorted().toList();
            }
            for (Path dir : dirs) {
                spool.adoptIfFree(dir);
            }
            Files.createDirectories(spool.ownDir);
            HeldLock own = HeldLock.tryLock(spool.ownDir);
            if (own == null) {
                throw new IOException("spool directory " + spool.ownDir + " is locked by someone else");
            }
            spool.locks.put(spool.ownDir, own);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        if (spool.pendingEvents.get() > 0) {
            log.info("usage spool {} adopted {} undelivered event(s) ({} bytes) from earlier processes", root,
                    spool.pendingEvents.get(), spool.pendingBytes.get());
        }
        return spool;
    }

    private void adoptIfFree(Path dir) throws IOException {
        HeldLock lock = HeldLock.tryLock(dir);
        if (lock == null) {
            return; // a running process owns it
        }
        locks.put(dir, lock);
        String cursorSegment = null;
        long cursorOffset = 0;
        Path cursor = dir.resolve(CURSOR);
        if (Files.exists(cursor)) {
            String[] parts = Files.readString(cursor, StandardCharsets.UTF_8).trim().split(" ");
            try {
                cursorOffset = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
            } catch (NumberFormatException e) {
                cursorOffset = -1;
            }
            if (cursorOffset >= 0) {
                cursorSegment = parts[0];
            } else {
                // Re-sending from the start only duplicates events, which consumers remove; skipping could lose some.
                log.warn("usage spool cursor {} is unreadable, delivering {} from its start", cursor, dir);
                cursorOffset = 0;
            }
        }
        List<Path> files;
        try (Stream<Path> children = Files.list(dir)) {
            files = children.filter(p -> p.getFileName().toString().endsWith(SEGMENT_SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            long size = Files.size(file);
            long from = fileName.equals(cursorSegment) ? Math.min(cursorOffset, size) : 0;
            if ((cursorSegment != null && fileName.compareTo(cursorSegment) < 0) || from >= size) {
                Files.delete(file); // delivered before the previous process stopped
                continue;
            }
            Segment segment = new Segment(dir, file, from, size);
            long events = countIntact(segment);
            segments.addLast(segment);
            pendingBytes.addAndGet(size - from);
            pendingEvents.addAndGet(events);
        }
        if (segments.stream().noneMatch(s -> s.dir.equals(dir))) {
            release(dir, true);
        }
    }

    private long countIntact(Segment segment) throws IOException {
        long count = 0;
        long position = segment.readFrom;
        while (position < segment.size) {
            SegmentFormat.ReadResult result = SegmentFormat.read(segment.path, position, segment.size, COUNT_CHUNK);
            count += result.entries().size();
            position = result.next();
        }
        return count;
    }

    /**
     * Appends the payloads in order and syncs them to disk once. A payload that would take the spool past
     * its bound is refused (counted), never half-written. Returns how many were appended.
     */
    public synchronized int append(List<byte[]> payloads) throws IOException {
        if (closed) {
            throw new IllegalStateException("usage spool is closed");
        }
        int total = 0;
        int unsynced = 0;
        long bytes = 0;
        long position = active == null ? 0 : active.size;
        try {
            for (byte[] payload : payloads) {
                int size = SegmentFormat.encodedSize(payload);
                if (pendingBytes.get() + bytes + size > maxBytes) {
                    refused.incrementAndGet();
                    continue;
                }
                if (active == null || (position > 0 && position + size > segmentBytes)) {
                    sync(position, bytes, unsynced);
                    unsynced = 0;
                    bytes = 0;
                    roll();
                    position = 0;
                }
                var buffer = SegmentFormat.encode(payload);
                while (buffer.hasRemaining()) {
                    position += writer.write(buffer, position);
                }
                bytes += size;
                unsynced++;
                total++;
            }
            sync(position, bytes, unsynced);
        } catch (IOException e) {
            // Cut back to what was synced, so no half-written record stays in front of the next append.
            if (writer != null && writer.isOpen()) {
                try {
                    writer.truncate(active.size);
                } catch (IOException truncateFailure) {
                    e.addSuppressed(truncateFailure);
                }
            }
            throw e;
        }
        return total;
    }

    private void sync(long position, long bytes, int events) throws IOException {
        if (events == 0) {
            return;
        }
        writer.force(false);
        active.size = position;
        appended.addAndGet(events);
        pendingBytes.addAndGet(bytes);
        pendingEvents.addAndGet(events);
    }

    private void roll() throws IOException {
        if (writer != null) {
            writer.close();
        }
        Path path = ownDir.resolve(String.format("%020d%s", ++nextSegmentNumber, SEGMENT_SUFFIX));
        writer = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        active = new Segment(ownDir, path, 0, 0);
        segments.addLast(active);
        // The new directory entry must survive a crash too, not only the bytes written into it.
        try (FileChannel directory = FileChannel.open(ownDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * The oldest undelivered records, at most {@code max}, all from one segment. Records that fail their CRC
     * and torn tails are skipped (and counted) on the way.
     */
    public synchronized Batch peek(int max) throws IOException {
        while (!segments.isEmpty()) {
            Segment head = segments.peekFirst();
            if (head.readFrom >= head.size) {
                if (head == active) {
                    return new Batch(head, List.of());
                }
                removeHead();
                continue;
            }
            SegmentFormat.ReadResult result = SegmentFormat.read(head.path, head.readFrom, head.size, max);
            if (result.corrupt() > 0 || result.tornTail()) {
                corrupt.addAndGet(result.corrupt() + (result.tornTail() ? 1 : 0));
                log.warn("usage spool segment {}: skipped {} record(s) with a bad CRC{}", head.path,
                        result.corrupt(), result.tornTail() ? " and a torn tail (a crash while writing)" : "");
            }
            if (!result.entries().isEmpty()) {
                return new Batch(head, result.entries());
            }
            advance(head, result.next(), 0);
        }
        return new Batch(null, List.of());
    }

    /** Marks the first {@code count} records of {@code batch} delivered, so they are never handed out again. */
    public synchronized void commit(Batch batch, int count) throws IOException {
        if (count == 0) {
            return;
        }
        if (segments.peekFirst() != batch.segment) {
            throw new IllegalStateException("commit of a batch that is not at the head of the spool");
        }
        // Counted before the level drops, so an observer that sees the spool empty also sees it drained.
        delivered.addAndGet(count);
        advance(batch.segment, batch.entries.get(count - 1).end(), count);
    }

    private void advance(Segment head, long to, int events) throws IOException {
        pendingBytes.addAndGet(-(to - head.readFrom));
        pendingEvents.addAndGet(-events);
        head.readFrom = to;
        if (head.readFrom < head.size) {
            writeCursor(head);
        } else if (head != active) {
            removeHead();
        } else if (segments.size() == 1) {
            // Everything delivered: start the next outage with a fresh, empty segment.
            writer.close();
            writer = null;
            active = null;
            segments.clear();
            Files.delete(head.path);
            Files.deleteIfExists(ownDir.resolve(CURSOR));
        } else {
            writeCursor(head);
        }
    }

    private void removeHead() throws IOException {
        Segment head = segments.removeFirst();
        pendingBytes.addAndGet(-(head.size - head.readFrom));
        Files.delete(head.path);
        if (!head.dir.equals(ownDir) && segments.stream().noneMatch(s -> s.dir.equals(head.dir))) {
            release(head.dir, true);
            log.info("usage spool directory {} of an earlier process is fully delivered", head.dir);
        }
    }

    /** Progress is written atomically but not synced: losing it only re-sends events, which consumers de-duplicate. */
    private static void writeCursor(Segment segment) throws IOException {
        Path tmp = segment.dir.resolve(CURSOR + ".tmp");
        Files.writeString(tmp, segment.path.getFileName() + " " + segment.readFrom, StandardCharsets.UTF_8);
        Files.move(tmp, segment.dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void release(Path dir, boolean delete) throws IOException {
        if (delete) {
            Files.deleteIfExists(dir.resolve(CURSOR));
            Files.deleteIfExists(dir.resolve(CURSOR + ".tmp"));
        }
        HeldLock lock = locks.remove(dir);
        if (lock != null) {
            lock.close();
        }
        if (delete) {
            Files.deleteIfExists(dir.resolve(LOCK));
            Files.deleteIfExists(dir);
        }
    }

    public boolean isEmpty() {
        return pendingBytes.get() == 0;
    }

    /** Counters and levels, readable without locking. */
    public SpoolStats stats() {
        return new SpoolStats(pendingEvents.get(), pendingBytes.get(), maxBytes, appended.get(), delivered.get(),
                refused.get(), corrupt.get());
    }

    /** Releases the locks; undelivered events stay on disk for the next process, an empty directory goes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (writer != null) {
                writer.close();
            }
            boolean ownEmpty = segments.stream().noneMatch(s -> s.dir.equals(ownDir) && s.readFrom < s.size);
            if (ownEmpty) {
                for (Segment segment : segments) {
                    if (segment.dir.equals(ownDir)) {
                        Files.deleteIfExists(segment.path);
                    }
                }
            }
            for (Path dir : new ArrayList<>(locks.keySet())) {
                release(dir, dir.equals(ownDir) && ownEmpty);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing usage spool " + ownDir, e);
        }
    }

    /** Records handed out by {@link #peek}; {@link #commit} them once delivered. */
    public static final class Batch {
        private final Segment segment;
        private final List<SegmentFormat.Entry> entries;

        private Batch(Segment segment, List<SegmentFormat.Entry> entries) {
            this.segment = segment;
            this.entries = entries;
        }

        public int size() {
            return entries.size();
        }

        public byte[] payload(int index) {
            return entries.get(index).payload();
        }
    }

    private static final class Segment {
        final Path dir;
        final Path path;
        long readFrom;
        long size;

        Segment(Path dir, Path path, long readFrom, long size) {
            this.dir = dir;
            this.path = path;
            this.readFrom = readFrom;
            this.size = size;
        }
    }

    /** An exclusive lock on {@code <dir>/lock}, held while a spool uses the directory. */
    private record HeldLock(Path path, FileChannel channel, FileLock lock) implements AutoCloseable {

        /**
         * Lock files this JVM holds. File locks belong to the process, and on Linux closing any descriptor of
         * a locked file drops the process's lock on it: so a file held here is never even opened a second time.
         */
        private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

        /** The lock, or null when another process or another spool of this JVM holds it. */
        static HeldLock tryLock(Path dir) throws IOException {
            Path path = dir.resolve(LOCK).toAbsolutePath().normalize();
            if (!HELD_IN_THIS_JVM.add(path)) {
                return null;
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new HeldLock(path, channel, lock);
                }
                channel.close();
                HELD_IN_THIS_JVM.remove(path);
                return null;
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                HELD_IN_THIS_JVM.remove(path);
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close(); // releases the lock
            } finally {
                HELD_IN_THIS_JVM.remove(path);
            }
        }
    }
}

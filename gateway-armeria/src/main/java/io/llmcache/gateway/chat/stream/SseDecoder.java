package io.llmcache.gateway.chat.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental server-sent-events parser: bytes go in as they arrive, complete events come out. Lines may
 * end with LF, CRLF or CR and be split anywhere across chunks (multi-byte characters included); comments
 * ({@code :...}, used as keep-alives) and fields other than {@code event} and {@code data} are ignored.
 * Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private String eventName = "";
    private boolean hasData;
    private boolean lastWasCr;

    /** Feeds the next bytes and returns the events they complete, in order. */
    public List<SseEvent> feed(byte[] bytes) {
        List<SseEvent> events = new ArrayList<>();
        for (byte b : bytes) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the LF of a CRLF already ended the line
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(events);
            } else {
                line.write(b);
            }
        }
        return events;
    }

    /**
     * True when an unfinished event is buffered: a stream that ends here was cut off, and per the SSE spec
     * that event is dropped.
     */
    public boolean hasPartialEvent() {
        return hasData || line.size() > 0;
    }

    private void endLine(List<SseEvent> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (hasData) {
                events.add(new SseEvent(eventName, data.toString()));
            }
            data.setLength(0);
            eventName = "";
            hasData = false;
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("data".equals(field)) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if ("event".equals(field)) {
            eventName = value;
        }
    }
}

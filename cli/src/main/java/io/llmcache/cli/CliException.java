package io.llmcache.cli;

/** A failure the user can act on; printed as one line, exit code 1, no stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}

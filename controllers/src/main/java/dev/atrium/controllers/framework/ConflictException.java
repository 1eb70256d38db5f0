package dev.atrium.controllers.framework;

/** A conditional write lost against a newer version: not an error, the request is simply reconciled again. */
final class ConflictException extends Exception {
    ConflictException(String message) {
        super(message);
    }
}

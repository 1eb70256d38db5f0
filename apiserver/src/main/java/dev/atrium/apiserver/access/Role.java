package dev.atrium.apiserver.access;

import java.util.Locale;
import java.util.Optional;

/** A member's role in a project, weakest first: view reads, edit also changes instances, admin also the project. */
public enum Role {
    VIEW,
    EDIT,
    ADMIN;

    public static Optional<Role> parse(String role) {
        if (role == null) {
            return Optional.empty();
        }
        return switch (role) {
            case "view" -> Optional.of(VIEW);
            case "edit" -> Optional.of(EDIT);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** As the API spells it: {@code view}, {@code edit}, {@code admin}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.atrium.apiserver.authz;

/** An authorizer's answer, with its reason (shown to the client when access is refused). */
public record Decision(Outcome outcome, String reason) {

    public enum Outcome {
        ALLOW,
        DENY,
        /** The authorizer has no rule either way; the request is refused unless another allows it. */
        NO_OPINION
    }

    public Decision {
        reason = reason == null ? "" : reason;
    }

    public static Decision allow(String reason) {
        return new Decision(Outcome.ALLOW, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(Outcome.DENY, reason);
    }

    public static Decision noOpinion(String reason) {
        return new Decision(Outcome.NO_OPINION, reason);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}

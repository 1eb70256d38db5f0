package dev.atrium.apiserver.authz;

/** The text kube-apiserver answers a refused request with, word for word. */
public final class ForbiddenMessage {

    private ForbiddenMessage() {}

    public static String of(RequestAttributes attributes, String reason) {
        String message = sanitize(describe(attributes));
        if (reason != null && !reason.isEmpty()) {
            message = message + ": " + reason;
        }
        if (!attributes.resourceRequest() || attributes.resource().isEmpty()) {
            return "forbidden: " + message;
        }
        String groupResource = attributes.apiGroup().isEmpty()
                ? attributes.resource()
                : attributes.resource() + "." + attributes.apiGroup();
        return attributes.name().isEmpty()
                ? groupResource + " is forbidden: " + message
                : groupResource + " \"" + attributes.name() + "\" is forbidden: " + message;
    }

    private static String describe(RequestAttributes attributes) {
        String user = attributes.user().name();
        if (!attributes.resourceRequest()) {
            return "User %s cannot %s path %s".formatted(quote(user), attributes.verb(), quote(attributes.path()));
        }
        String resource = attributes.subresource().isEmpty()
                ? attributes.resource()
                : attributes.resource() + "/" + attributes.subresource();
        String scope = attributes.namespace().isEmpty()
                ? "at the cluster scope"
                : "in the namespace " + quote(attributes.namespace());
        return "User %s cannot %s resource %s in API group %s %s".formatted(
                quote(user), attributes.verb(), quote(resource), quote(attributes.apiGroup()), scope);
    }

    // Kubernetes escapes these so the message is safe to show in HTML.
    private static String sanitize(String message) {
        return message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Go's %q for the plain strings that occur here. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

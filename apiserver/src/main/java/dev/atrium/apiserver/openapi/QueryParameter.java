package dev.atrium.apiserver.openapi;

import com.google.gson.JsonObject;

import java.util.List;

/** The query parameters our operations take, as kube-apiserver documents them. */
enum QueryParameter {
    ALLOW_WATCH_BOOKMARKS("allowWatchBookmarks", "boolean",
            "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
    CONTINUE("continue", "string",
            "The continue option should be set when retrieving more results from the server."),
    DRY_RUN("dryRun", "string",
            "When present, indicates that modifications should not be persisted. The only valid value is All."),
    FIELD_MANAGER("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes."),
    FIELD_SELECTOR("fieldSelector", "string",
            "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
    FIELD_VALIDATION("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request containing unknown or "
                    + "duplicate fields: Ignore, Warn (the default) or Strict."),
    FORCE("force", "boolean",
            "Force is going to \"force\" Apply requests: re-acquire conflicting fields owned by other people."),
    GRACE_PERIOD_SECONDS("gracePeriodSeconds", "integer",
            "The duration in seconds before the object should be deleted."),
    LABEL_SELECTOR("labelSelector", "string",
            "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
    LIMIT("limit", "integer", "limit is a maximum number of responses to return for a list call."),
    PROPAGATION_POLICY("propagationPolicy", "string",
            "Whether and how garbage collection will be performed: Orphan, Background or Foreground."),
    RESOURCE_VERSION("resourceVersion", "string",
            "resourceVersion sets a constraint on what resource versions a request may be served from."),
    RESOURCE_VERSION_MATCH("resourceVersionMatch", "string",
            "resourceVersionMatch determines how resourceVersion is applied to list calls."),
    SEND_INITIAL_EVENTS("sendInitialEvents", "boolean",
            "sendInitialEvents=true may be set together with watch=true to begin the watch stream with synthetic "
                    + "events of the current state, ending with a bookmark annotated k8s.io/initial-events-end."),
    TIMEOUT_SECONDS("timeoutSeconds", "integer",
            "Timeout for the list/watch call, regardless of any activity or inactivity."),
    WATCH("watch", "boolean",
            "Watch for changes to the described resources and return them as a stream of add, update, and remove "
                    + "notifications.");

    static final List<QueryParameter> LIST = List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR,
            LIMIT, RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH);
    static final List<QueryParameter> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<QueryParameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    static final List<QueryParameter> DELETE = List.of(DRY_RUN, GRACE_PERIOD_SECONDS, PROPAGATION_POLICY);
    static final List<QueryParameter> DELETE_COLLECTION = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR,
            GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT, PROPAGATION_POLICY, RESOURCE_VERSION, RESOURCE_VERSION_MATCH,
            TIMEOUT_SECONDS);

    private final String parameterName;
    private final String type;
    private final String description;

    QueryParameter(String parameterName, String type, String description) {
        this.parameterName = parameterName;
        this.type = type;
        this.description = description;
    }

    JsonObject toJson(OpenApiDialect dialect) {
        return dialect.parameter(parameterName, "query", type, description, false);
    }
}

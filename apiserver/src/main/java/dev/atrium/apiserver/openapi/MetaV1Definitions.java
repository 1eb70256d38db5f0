package dev.atrium.apiserver.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.atrium.apiserver.resource.Schema.array;
import static dev.atrium.apiserver.resource.Schema.bool;
import static dev.atrium.apiserver.resource.Schema.field;
import static dev.atrium.apiserver.resource.Schema.integer;
import static dev.atrium.apiserver.resource.Schema.map;
import static dev.atrium.apiserver.resource.Schema.object;
import static dev.atrium.apiserver.resource.Schema.required;
import static dev.atrium.apiserver.resource.Schema.string;

/**
 * The few {@code meta/v1} definitions our documents reference, named as kube-apiserver names
 * them so kube-aggregator and kubectl treat them as the same types. Trimmed to the fields users
 * look up with {@code kubectl explain}.
 */
final class MetaV1Definitions {

    static final String PREFIX = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String OBJECT_META = PREFIX + "ObjectMeta";
    static final String LIST_META = PREFIX + "ListMeta";
    static final String STATUS = PREFIX + "Status";
    static final String DELETE_OPTIONS = PREFIX + "DeleteOptions";
    static final String PATCH = PREFIX + "Patch";
    static final String WATCH_EVENT = PREFIX + "WatchEvent";
    private static final String TIME = PREFIX + "Time";
    private static final String FIELDS_V1 = PREFIX + "FieldsV1";
    private static final String MANAGED_FIELDS_ENTRY = PREFIX + "ManagedFieldsEntry";
    private static final String OWNER_REFERENCE = PREFIX + "OwnerReference";
    private static final String PRECONDITIONS = PREFIX + "Preconditions";
    private static final String STATUS_DETAILS = PREFIX + "StatusDetails";
    private static final String STATUS_CAUSE = PREFIX + "StatusCause";

    private MetaV1Definitions() {
    }

    static Map<String, JsonObject> all(OpenApiDialect dialect) {
        Map<String, JsonObject> definitions = new LinkedHashMap<>();
        definitions.put(DELETE_OPTIONS, gvk(object("DeleteOptions may be provided when deleting an API object.",
                field("apiVersion", Schema.apiVersion()),
                field("dryRun", array("When present, indicates that modifications should not be persisted.",
                        string(null))),
                field("gracePeriodSeconds", integer("The duration in seconds before the object should be deleted.")),
                field("kind", Schema.kind()),
                field("preconditions", dialect.describedRef(PRECONDITIONS,
                        "Must be fulfilled before a deletion is carried out.")),
                field("propagationPolicy", string(
                        "Whether and how garbage collection will be performed: Orphan, Background or Foreground."))),
                "DeleteOptions"));
        definitions.put(FIELDS_V1, typed("object",
                "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format."));
        definitions.put(LIST_META, object("ListMeta describes metadata that synthetic resources must have.",
                field("continue", string("continue may be set if the user set a limit on the number of items returned.")),
                field("remainingItemCount", integer("The number of subsequent items in the list.")),
                field("resourceVersion", string(
                        "String that identifies the server's internal version of this object."))));
        definitions.put(MANAGED_FIELDS_ENTRY, object(
                "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the "
                        + "fieldset applies to.",
                field("apiVersion", string("The version of the resource this field set applies to.")),
                field("fieldsType", string("The discriminator for the different fields format; only FieldsV1.")),
                field("fieldsV1", dialect.describedRef(FIELDS_V1, "The first JSON version format of the field set.")),
                field("manager", string("An identifier of the workflow managing these fields.")),
                field("operation", string("The type of operation which lead to this entry: Apply or Update.")),
                field("subresource", string("The name of the subresource used to update that object.")),
                field("time", dialect.describedRef(TIME, "When the last applied operation was done."))));
        definitions.put(OBJECT_META, objectMeta(dialect));
        definitions.put(OWNER_REFERENCE, ownerReference());
        definitions.put(PATCH, typed("object",
                "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));
        definitions.put(PRECONDITIONS, object("Preconditions must be fulfilled before an operation is carried out.",
                field("resourceVersion", string("Specifies the target ResourceVersion")),
                field("uid", string("Specifies the target UID."))));
        definitions.put(STATUS, gvk(object("Status is a return value for calls that don't return other objects.",
                field("apiVersion", Schema.apiVersion()),
                field("code", int32("Suggested HTTP return code for this status, 0 if not set.")),
                field("details", dialect.describedRef(STATUS_DETAILS, "Extended data associated with the reason.")),
                field("kind", Schema.kind()),
                field("message", string("A human-readable description of the status of this operation.")),
                field("metadata", dialect.describedRef(LIST_META, "Standard list metadata.")),
                field("reason", string("A machine-readable description of why this operation is in the Failure status.")),
                field("status", string("Status of the operation. One of: Success or Failure."))),
                "Status"));
        definitions.put(STATUS_CAUSE, object("StatusCause provides more information about an api.Status failure.",
                field("field", string("The field of the resource that has caused this error, e.g. spec.members[0].role")),
                field("message", string("A human-readable description of the cause of the error.")),
                field("reason", string("A machine-readable description of the cause of the error."))));
        definitions.put(STATUS_DETAILS, object("StatusDetails is a set of additional properties of a Status.",
                field("causes", array("The causes of the error.", dialect.ref(STATUS_CAUSE))),
                field("group", string("The group attribute of the resource associated with the status.")),
                field("kind", string("The kind attribute of the resource associated with the status.")),
                field("name", string("The name attribute of the resource associated with the status.")),
                field("retryAfterSeconds", int32("The number of seconds before the client should retry.")),
                field("uid", string("UID of the resource."))));
        JsonObject time = typed("string", "Time is a wrapper around time.Time, serialized as RFC 3339.");
        time.addProperty("format", "date-time");
        definitions.put(TIME, time);
        JsonObject rawObject = typed("object", "The object: the resource, or a Status for ERROR events.");
        JsonObject watchEvent = object("Event represents a single event to a watched resource.",
                field("object", rawObject),
                field("type", string("ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.")));
        definitions.put(WATCH_EVENT, gvk(required(watchEvent, "object", "type"), "WatchEvent"));
        return definitions;
    }

    private static JsonObject objectMeta(OpenApiDialect dialect) {
        JsonObject finalizers = array("Must be empty before the object is deleted from the registry.", string(null));
        finalizers.addProperty("x-kubernetes-list-type", "set");
        JsonObject ownerReferences = array("Objects depended by this object.", dialect.ref(OWNER_REFERENCE));
        ownerReferences.addProperty("x-kubernetes-list-type", "map");
        ownerReferences.add("x-kubernetes-list-map-keys", Json.strings("uid"));
        return object("ObjectMeta is metadata that all persisted resources must have.",
                field("annotations", map("Unstructured key value map stored with a resource.", string(null))),
                field("creationTimestamp", dialect.describedRef(TIME,
                        "A timestamp representing the server time when this object was created.")),
                field("deletionGracePeriodSeconds", integer(
                        "Number of seconds allowed for this object to gracefully terminate.")),
                field("deletionTimestamp", dialect.describedRef(TIME,
                        "RFC 3339 date and time at which this resource will be deleted.")),
                field("finalizers", finalizers),
                field("generateName", string("An optional prefix used by the server to generate a unique name.")),
                field("generation", integer("A sequence number representing a specific generation of the desired state.")),
                field("labels", map("Map of string keys and values that can be used to organize and categorize objects.",
                        string(null))),
                field("managedFields", array("Maps workflow-id and version to the set of fields managed by that workflow.",
                        dialect.ref(MANAGED_FIELDS_ENTRY))),
                field("name", string("Name must be unique within a namespace.")),
                field("namespace", string("Namespace defines the space within which each name must be unique.")),
                field("ownerReferences", ownerReferences),
                field("resourceVersion", string(
                        "An opaque value that represents the internal version of this object.")),
                field("uid", string("UID is the unique in time and space value for this object.")));
    }

    private static JsonObject ownerReference() {
        JsonObject reference = required(object("OwnerReference contains enough information to let you identify an "
                        + "owning object.",
                field("apiVersion", string("API version of the referent.")),
                field("blockOwnerDeletion", bool("If true, the owner cannot be deleted before this reference is removed.")),
                field("controller", bool("If true, this reference points to the managing controller.")),
                field("kind", string("Kind of the referent.")),
                field("name", string("Name of the referent.")),
                field("uid", string("UID of the referent."))),
                "apiVersion", "kind", "name", "uid");
        reference.addProperty("x-kubernetes-map-type", "atomic");
        return reference;
    }

    private static JsonObject gvk(JsonObject schema, String kind) {
        JsonObject gvk = new JsonObject();
        gvk.addProperty("group", "");
        gvk.addProperty("kind", kind);
        gvk.addProperty("version", "v1");
        JsonArray list = new JsonArray();
        list.add(gvk);
        schema.add("x-kubernetes-group-version-kind", list);
        return schema;
    }

    private static JsonObject int32(String description) {
        JsonObject schema = typed("integer", description);
        schema.addProperty("format", "int32");
        return schema;
    }

    private static JsonObject typed(String type, String description) {
        JsonObject schema = new JsonObject();
        schema.addProperty("description", description);
        schema.addProperty("type", type);
        return schema;
    }
}

package dev.atrium.apiserver.resource;

import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

import static dev.atrium.apiserver.resource.Schema.array;
import static dev.atrium.apiserver.resource.Schema.bool;
import static dev.atrium.apiserver.resource.Schema.conditions;
import static dev.atrium.apiserver.resource.Schema.enumeration;
import static dev.atrium.apiserver.resource.Schema.field;
import static dev.atrium.apiserver.resource.Schema.intOrString;
import static dev.atrium.apiserver.resource.Schema.listMap;
import static dev.atrium.apiserver.resource.Schema.map;
import static dev.atrium.apiserver.resource.Schema.nonNegativeInteger;
import static dev.atrium.apiserver.resource.Schema.object;
import static dev.atrium.apiserver.resource.Schema.required;
import static dev.atrium.apiserver.resource.Schema.string;
import static dev.atrium.apiserver.resource.Schema.stringSet;

/** The resources Atrium serves in {@code management.atrium.dev/v1}. */
public final class PlatformResources {

    public static final String GROUP = "management.atrium.dev";
    public static final String VERSION = "v1";
    public static final String STORAGE_GROUP = "storage.atrium.dev";
    /** {@code kubectl get atrium} lists every platform object; "all" is left to workloads. */
    public static final String CATEGORY = "atrium";
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private static final PrinterColumn DISPLAY_NAME =
            PrinterColumn.of("Display Name", "string", "The name shown to people.", ".spec.displayName");
    private static final PrinterColumn OWNER =
            PrinterColumn.of("Owner", "string", "The user or team that owns it.", ".spec.owner.*");
    private static final PrinterColumn PHASE =
            PrinterColumn.of("Phase", "string", "Where it is in its lifecycle.", ".status.phase");

    public static final ResourceDefinition USERS = define("users", "user", "User", false, List.of(),
            "A person (or robot) who uses the platform, mapped to the Kubernetes user it authenticates as.",
            object("UserSpec is the desired state of a user.",
                    field("displayName", string("The name shown to people.")),
                    field("email", string("The user's e-mail address.")),
                    field("username", string(
                            "The Kubernetes user name this user authenticates as. Defaults to the object's name.")),
                    field("groups", stringSet("Kubernetes groups whose members count as this user.")),
                    field("disabled", bool("A disabled user keeps its object but loses all access."))),
            object("UserStatus is the observed state of a user.",
                    field("teams", stringSet("The teams the user belongs to."))),
            List.of(DISPLAY_NAME,
                    PrinterColumn.of("Email", "string", "The user's e-mail address.", ".spec.email"),
                    PrinterColumn.of("Disabled", "boolean", "Whether the user lost all access.", ".spec.disabled"),
                    PrinterColumn.wide("Username", "string", "The Kubernetes user name.", ".spec.username"),
                    PrinterColumn.wide("Teams", "string", "The teams the user belongs to.", ".status.teams[*]")));

    public static final ResourceDefinition TEAMS = define("teams", "team", "Team", false, List.of(),
            "A named set of users and Kubernetes groups that can be given access together.",
            object("TeamSpec is the desired state of a team.",
                    field("displayName", string("The name shown to people.")),
                    field("description", string("What the team is for.")),
                    field("users", stringSet("Names of the User objects in the team.")),
                    field("groups", stringSet("Kubernetes groups whose members are in the team."))),
            object("TeamStatus is the observed state of a team."),
            List.of(DISPLAY_NAME,
                    PrinterColumn.wide("Users", "string", "Users in the team.", ".spec.users[*]"),
                    PrinterColumn.wide("Groups", "string", "Kubernetes groups in the team.", ".spec.groups[*]")));

    public static final ResourceDefinition PROJECTS = define("projects", "project", "Project", false, List.of("proj"),
            "A tenant's project: members with roles, quotas, and the namespace p-<name> its instances live in.",
            object("ProjectSpec is the desired state of a project.",
                    field("displayName", string("The name shown to people.")),
                    field("description", string("What the project is for.")),
                    field("owner", owner("The user or team that owns the project.")),
                    field("members", listMap("Who may use the project, and with which role.",
                            required(object("A user or team with a role in the project.",
                                            field("kind", enumeration("User or Team.", "User", "Team")),
                                            field("name", string("Name of the User or Team object.")),
                                            field("role", enumeration("admin, edit or view.", "admin", "edit", "view"))),
                                    "kind", "name", "role"),
                            "kind", "name")),
                    field("quotas", object("How many instances the project may hold.",
                            field("spaceInstances", nonNegativeInteger("Maximum number of space instances.")),
                            field("virtualClusterInstances",
                                    nonNegativeInteger("Maximum number of virtual cluster instances."))))),
            object("ProjectStatus is the observed state of a project.",
                    field("namespace", string("The namespace of the project's instances, p-<name>.")),
                    field("usage", object("How many instances the project holds.",
                            field("spaceInstances", nonNegativeInteger("Number of space instances.")),
                            field("virtualClusterInstances", nonNegativeInteger("Number of virtual cluster instances.")))),
                    field("conditions", conditions())),
            List.of(DISPLAY_NAME, OWNER,
                    PrinterColumn.of("Namespace", "string", "The namespace of the project's instances.",
                            ".status.namespace"),
                    PrinterColumn.wide("Members", "string", "Names of the project's members.", ".spec.members[*].name"),
                    PrinterColumn.wide("Spaces", "integer", "Number of space instances.",
                            ".status.usage.spaceInstances"),
                    PrinterColumn.wide("Virtual Clusters", "integer", "Number of virtual cluster instances.",
                            ".status.usage.virtualClusterInstances")));

    public static final ResourceDefinition SPACE_INSTANCES = define("spaceinstances", "spaceinstance", "SpaceInstance",
            true, List.of("space", "si"),
            "A namespace handed to a project's members, with its resource quota.",
            object("SpaceInstanceSpec is the desired state of a space instance.",
                    field("displayName", string("The name shown to people.")),
                    field("owner", owner("The user or team that owns the space.")),
                    field("namespace", string("The namespace of the space. Defaults to <project>-<name>.")),
                    field("resourceQuota", object("The ResourceQuota of the space's namespace.",
                            field("hard", map("Hard limits per resource name, as quantities.",
                                    intOrString("A quantity such as 10, \"10\" or \"500m\".")))))),
            object("SpaceInstanceStatus is the observed state of a space instance.",
                    field("phase", string("Where the space is in its lifecycle.")),
                    field("namespace", string("The namespace of the space.")),
                    field("conditions", conditions())),
            List.of(DISPLAY_NAME, OWNER,
                    PrinterColumn.of("Namespace", "string", "The namespace of the space.", ".status.namespace"),
                    PHASE));

    public static final ResourceDefinition VIRTUAL_CLUSTER_INSTANCES = define("virtualclusterinstances",
            "virtualclusterinstance", "VirtualClusterInstance", true, List.of("vci"),
            "A virtual Kubernetes cluster running in a host namespace of a project.",
            object("VirtualClusterInstanceSpec is the desired state of a virtual cluster instance.",
                    field("displayName", string("The name shown to people.")),
                    field("owner", owner("The user or team that owns the virtual cluster.")),
                    field("kubernetesVersion", string("The Kubernetes version of the virtual cluster.")),
                    field("replicas", nonNegativeInteger("Number of control plane replicas.")),
                    field("values", string("Extra configuration of the virtual cluster, as YAML."))),
            object("VirtualClusterInstanceStatus is the observed state of a virtual cluster instance.",
                    field("phase", string("Where the virtual cluster is in its lifecycle.")),
                    field("hostNamespace", string("The namespace the virtual cluster runs in.")),
                    field("conditions", conditions())),
            List.of(DISPLAY_NAME,
                    PrinterColumn.of("Version", "string", "The Kubernetes version.", ".spec.kubernetesVersion"),
                    PrinterColumn.of("Replicas", "integer", "Number of control plane replicas.", ".spec.replicas"),
                    PHASE,
                    PrinterColumn.wide("Owner", "string", "The user or team that owns it.", ".spec.owner.*"),
                    PrinterColumn.wide("Host Namespace", "string", "The namespace it runs in.",
                            ".status.hostNamespace")));

    /** Who the caller is on the platform: created and answered, never stored (as SelfSubjectReview). */
    public static final ResourceDefinition SELVES = new ResourceDefinition(GROUP, VERSION, "selves", "self", "Self",
            "SelfList", false, List.of(), List.of(), List.of("create"), List.of(), List.of(),
            "Who the caller is on the platform: create one to get the caller's user, groups, teams, projects "
                    + "with roles, and whether the caller is a global admin.",
            object("SelfSpec is empty: the caller is the subject."),
            object("SelfStatus describes the caller.",
                    field("user", string("The Kubernetes user name the caller authenticated as.")),
                    field("groups", stringSet("The caller's Kubernetes groups.")),
                    field("users", stringSet("The User objects the caller counts as.")),
                    field("teams", stringSet("The teams the caller belongs to.")),
                    field("projects", listMap("The projects the caller is a member of, with its role in each.",
                            object("A project and the caller's role in it.",
                                    field("name", string("Name of the project.")),
                                    field("role", enumeration("admin, edit or view.", "admin", "edit", "view"))),
                            "name")),
                    field("admin", bool("Whether the caller is a global admin: RBAC lets it update projects."))),
            "");

    private static final List<ResourceDefinition> ALL =
            List.of(USERS, TEAMS, PROJECTS, SPACE_INSTANCES, VIRTUAL_CLUSTER_INSTANCES, SELVES);
    private static final List<ResourceDefinition> STORED = ALL.stream().filter(ResourceDefinition::stored).toList();

    private PlatformResources() {
    }

    /** Every served resource, in discovery order. */
    public static List<ResourceDefinition> all() {
        return ALL;
    }

    /** The resources kept as storage custom resources (all but {@code selves}). */
    public static List<ResourceDefinition> stored() {
        return STORED;
    }

    public static Optional<ResourceDefinition> byPlural(String plural) {
        return ALL.stream().filter(definition -> definition.plural().equals(plural)).findFirst();
    }

    public static Optional<ResourceDefinition> byKind(String kind) {
        return ALL.stream().filter(definition -> definition.kind().equals(kind)).findFirst();
    }

    private static JsonObject owner(String description) {
        JsonObject owner = object(description + " Exactly one of user and team.",
                field("user", string("Name of the owning User.")),
                field("team", string("Name of the owning Team.")));
        owner.addProperty("minProperties", 1);
        owner.addProperty("maxProperties", 1);
        return owner;
    }

    private static ResourceDefinition define(String plural, String singular, String kind, boolean namespaced,
                                             List<String> shortNames, String description, JsonObject spec,
                                             JsonObject status, List<PrinterColumn> columns) {
        return new ResourceDefinition(GROUP, VERSION, plural, singular, kind, kind + "List", namespaced,
                shortNames, List.of(CATEGORY), VERBS, List.of(ResourceDefinition.STATUS), columns, description,
                spec, status, STORAGE_GROUP);
    }
}

package dev.atrium.controllers.project;

import static dev.atrium.controllers.testing.Await.optional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.controllers.Controllers;
import dev.atrium.controllers.testing.Await;
import dev.atrium.controllers.testing.Platform;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The project controller against a real kube-apiserver and kube-controller-manager. */
@ExtendWith(ControlPlaneExtension.class)
class ProjectIT {
    private static Controllers controllers;
    private static Platform platform;
    private static ControlPlane cluster;
    private static CoreV1Api core;
    private static RbacAuthorizationV1Api rbac;

    @BeforeAll
    static void startControllers(ControlPlane controlPlane) throws InterruptedException {
        cluster = controlPlane;
        platform = new Platform(controlPlane);
        core = new CoreV1Api(controlPlane.adminClient());
        rbac = new RbacAuthorizationV1Api(controlPlane.adminClient());
        controllers = platform.startControllers();
    }

    @AfterAll
    static void stopControllers() throws InterruptedException {
        Platform.stop(controllers);
    }

    @Test
    void aProjectGetsItsNamespaceRoleBindingsStatusAndFinalizer() throws ApiException {
        String alice = Names.unique("alice");
        String bob = Names.unique("bob");
        String carol = Names.unique("carol");
        String group = Names.unique("group");
        String team = Names.unique("team");
        String project = Names.unique("proj");
        String namespace = "p-" + project;
        platform.create("users", null, """
                {"kind": "User", "metadata": {"name": "%s"}, "spec": {"username": "%s-login"}}""".formatted(bob, bob));
        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}, "spec": {"users": ["%s"], "groups": ["%s"]}}"""
                .formatted(team, carol, group));
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "%s"}, "members": [
                  {"kind": "User", "name": "%s", "role": "edit"}, {"kind": "Team", "name": "%s", "role": "view"}]}}"""
                .formatted(project, alice, bob, team));

        V1Namespace created = Await.present("namespace " + namespace, () -> optional(() -> core.readNamespace(namespace).execute()),
                ns -> true);
        assertEquals(project, created.getMetadata().getLabels().get("atrium.dev/project"));
        assertEquals("atrium", created.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));

        assertSubjects(namespace, "atrium-owner-user-" + alice + "-admin", "atrium-project-admin",
                List.of(user(alice)));
        // The User object's spec.username is the Kubernetes user name.
        assertSubjects(namespace, "atrium-member-user-" + bob + "-edit", "atrium-project-edit",
                List.of(user(bob + "-login")));
        // A team stands for its users and its groups.
        assertSubjects(namespace, "atrium-member-team-" + team + "-view", "atrium-project-view",
                List.of(group(group), user(carol)));

        JsonObject status = Await.present("project status Ready", () -> platform.get("projects", null, project),
                p -> ready(p)).getAsJsonObject("status");
        assertEquals(namespace, Json.string(status, "namespace"));
        assertEquals(0, status.getAsJsonObject("usage").get("spaceInstances").getAsInt());
        assertEquals(0, status.getAsJsonObject("usage").get("virtualClusterInstances").getAsInt());
        assertTrue(finalizers(platform.get("projects", null, project).orElseThrow()).contains("atrium.dev/project-cleanup"));

        // The bindings grant what the roles say, to real users (the roles are aggregated by kube-controller-manager).
        awaitCanI(bob + "-login", List.of(), "create", "configmaps", namespace, "yes");
        awaitCanI(carol, List.of(), "list", "configmaps", namespace, "yes");
        awaitCanI(Names.unique("someone"), List.of(group), "list", "configmaps", namespace, "yes");
        awaitCanI(carol, List.of(), "create", "configmaps", namespace, "no");
        awaitCanI(alice, List.of(), "create", "rolebindings.rbac.authorization.k8s.io", namespace, "yes");
        awaitCanI(bob + "-login", List.of(), "create", "rolebindings.rbac.authorization.k8s.io", namespace, "no");
    }

    @Test
    void changingMembersAndTeamsUpdatesTheRoleBindings() throws ApiException {
        String bob = Names.unique("bob");
        String dave = Names.unique("dave");
        String team = Names.unique("team");
        String project = Names.unique("proj");
        String namespace = "p-" + project;
        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}, "spec": {"users": ["%s"]}}""".formatted(team, dave));
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {"members": [
                  {"kind": "User", "name": "%s", "role": "edit"}, {"kind": "Team", "name": "%s", "role": "view"}]}}"""
                .formatted(project, bob, team));
        assertSubjects(namespace, "atrium-member-user-" + bob + "-edit", "atrium-project-edit", List.of(user(bob)));
        assertSubjects(namespace, "atrium-member-team-" + team + "-view", "atrium-project-view", List.of(user(dave)));

        // A team's users change: its binding follows.
        String erin = Names.unique("erin");
        platform.patch("teams", null, team, """
                {"spec": {"users": ["%s", "%s"]}}""".formatted(dave, erin));
        assertSubjects(namespace, "atrium-member-team-" + team + "-view", "atrium-project-view",
                List.of(user(dave), user(erin)));

        // Bob's role changes and the team leaves: the old bindings go, the new one comes.
        platform.patch("projects", null, project, """
                {"spec": {"members": [{"kind": "User", "name": "%s", "role": "view"}]}}""".formatted(bob));
        assertSubjects(namespace, "atrium-member-user-" + bob + "-view", "atrium-project-view", List.of(user(bob)));
        awaitRoleBindingGone(namespace, "atrium-member-user-" + bob + "-edit");
        awaitRoleBindingGone(namespace, "atrium-member-team-" + team + "-view");
    }

    @Test
    void tamperingIsUndone() throws ApiException {
        String bob = Names.unique("bob");
        String project = Names.unique("proj");
        String namespace = "p-" + project;
        String binding = "atrium-member-user-" + bob + "-admin";
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {"members": [
                  {"kind": "User", "name": "%s", "role": "admin"}]}}""".formatted(project, bob));
        V1RoleBinding original = assertSubjects(namespace, binding, "atrium-project-admin", List.of(user(bob)));

        rbac.deleteNamespacedRoleBinding(binding, namespace).execute();
        V1RoleBinding recreated = assertSubjects(namespace, binding, "atrium-project-admin", List.of(user(bob)));
        assertTrue(!original.getMetadata().getUid().equals(recreated.getMetadata().getUid()), "a new binding");

        // Subjects edited by hand are put back.
        recreated.setSubjects(List.of(user("mallory")));
        rbac.replaceNamespacedRoleBinding(binding, namespace, recreated).execute();
        assertSubjects(namespace, binding, "atrium-project-admin", List.of(user(bob)));

        // A deleted namespace is created again once kube-controller-manager has removed it.
        String uid = core.readNamespace(namespace).execute().getMetadata().getUid();
        core.deleteNamespace(namespace).execute();
        Await.until(Await.NAMESPACE_DELETION, "namespace " + namespace + " recreated",
                () -> optional(() -> core.readNamespace(namespace).execute()),
                ns -> ns.isPresent() && !ns.get().getMetadata().getUid().equals(uid)
                        && ns.get().getMetadata().getDeletionTimestamp() == null);
        assertSubjects(namespace, binding, "atrium-project-admin", List.of(user(bob)));
        Await.present("project Ready again", () -> platform.get("projects", null, project), ProjectIT::ready);
    }

    @Test
    void theProjectsAdminsMayChangeItThroughItsOwnClusterRole() throws ApiException {
        String owner = Names.unique("owner");
        String admin = Names.unique("admin");
        String editor = Names.unique("editor");
        String project = Names.unique("proj");
        String name = ProjectReconciler.adminRoleName(project);
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "%s"}, "members": [
                  {"kind": "User", "name": "%s", "role": "admin"}, {"kind": "User", "name": "%s", "role": "edit"}]}}"""
                .formatted(project, owner, admin, editor));
        V1ClusterRoleBinding binding = awaitAdmins(name, List.of(user(admin), user(owner)));
        assertEquals(name, binding.getRoleRef().getName());
        V1ClusterRole role = rbac.readClusterRole(name).execute();
        assertEquals(List.of(project), role.getRules().getFirst().getResourceNames());
        assertEquals(List.of("get", "update", "patch", "delete"), role.getRules().getFirst().getVerbs());
        awaitClusterCanI(admin, "patch", "projects.management.atrium.dev/" + project, "yes");
        awaitClusterCanI(editor, "patch", "projects.management.atrium.dev/" + project, "no");
        awaitClusterCanI(admin, "patch", "projects.management.atrium.dev/other", "no");

        // The editor becomes admin; a binding deleted by hand and a role widened by hand come back.
        platform.patch("projects", null, project, """
                {"spec": {"members": [{"kind": "User", "name": "%s", "role": "admin"}]}}""".formatted(editor));
        awaitAdmins(name, List.of(user(editor), user(owner)));
        rbac.deleteClusterRoleBinding(name).execute();
        awaitAdmins(name, List.of(user(editor), user(owner)));
        role = rbac.readClusterRole(name).execute();
        role.getRules().getFirst().setResourceNames(null);
        rbac.replaceClusterRole(name, role).execute();
        Await.until(Await.CONTROLLER, "clusterrole " + name + " narrowed again",
                () -> optional(() -> rbac.readClusterRole(name).execute()),
                found -> found.isPresent() && List.of(project).equals(found.get().getRules().getFirst().getResourceNames()));

        platform.delete("projects", null, project);
        Await.absent(Await.NAMESPACE_DELETION, "clusterrolebinding " + name + " deleted with the project",
                () -> optional(() -> rbac.readClusterRoleBinding(name).execute()));
        Await.absent(Await.CONTROLLER, "clusterrole " + name + " deleted with the project",
                () -> optional(() -> rbac.readClusterRole(name).execute()));
    }

    private static V1ClusterRoleBinding awaitAdmins(String name, List<RbacV1Subject> subjects) {
        return Await.until(Await.CONTROLLER, "clusterrolebinding " + name + " binds " + subjects,
                () -> optional(() -> rbac.readClusterRoleBinding(name).execute()),
                found -> found.isPresent() && subjects.equals(found.get().getSubjects()));
    }

    private static void awaitClusterCanI(String user, String verb, String resource, String expected) {
        Await.until(Duration.ofSeconds(30), user + " can-i " + verb + " " + resource + " = " + expected,
                () -> Optional.of(cluster.kubectlAs(user, List.of(), "auth", "can-i", verb, resource).run().stdout().strip()),
                found -> found.equals(Optional.of(expected)));
    }

    @Test
    void deletingAProjectDeletesItsNamespaceThenReleasesTheFinalizer() throws ApiException {
        String project = Names.unique("proj");
        String namespace = "p-" + project;
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "%s"}}}"""
                .formatted(project, Names.unique("owner")));
        Await.present("project Ready", () -> platform.get("projects", null, project), ProjectIT::ready);

        platform.delete("projects", null, project);

        Await.absent(Await.NAMESPACE_DELETION, "namespace " + namespace + " deleted",
                () -> optional(() -> core.readNamespace(namespace).execute()));
        Await.absent(Await.CONTROLLER, "project " + project + " released by its finalizer",
                () -> platform.get("projects", null, project));
        assertTrue(controllers.metrics().stream().anyMatch(m -> m.controller().equals("project") && m.reconciles() > 0));
    }

    private static V1RoleBinding assertSubjects(String namespace, String name, String clusterRole, List<RbacV1Subject> subjects) {
        V1RoleBinding binding = Await.until(Await.CONTROLLER, "rolebinding " + namespace + "/" + name + " binds " + subjects,
                () -> optional(() -> rbac.readNamespacedRoleBinding(name, namespace).execute()),
                found -> found.isPresent() && subjects.equals(found.get().getSubjects()));
        assertEquals(clusterRole, binding.getRoleRef().getName());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        return binding;
    }

    private static void awaitRoleBindingGone(String namespace, String name) {
        Await.absent(Await.CONTROLLER, "rolebinding " + namespace + "/" + name + " pruned",
                () -> optional(() -> rbac.readNamespacedRoleBinding(name, namespace).execute()));
    }

    private static void awaitCanI(String user, List<String> groups, String verb, String resource, String namespace,
                                  String expected) {
        Await.until(Duration.ofSeconds(30), user + " can-i " + verb + " " + resource + " in " + namespace + " = " + expected,
                () -> Optional.of(cluster.kubectlAs(user, groups, "auth", "can-i", verb, resource, "-n", namespace)
                        .run().stdout().trim()),
                answer -> answer.orElse("").equals(expected));
    }

    static boolean ready(JsonObject object) {
        JsonObject status = Json.object(object, "status");
        JsonElement conditions = status == null ? null : status.get("conditions");
        if (!(conditions instanceof JsonArray array)) {
            return false;
        }
        for (JsonElement condition : array) {
            JsonObject c = condition.getAsJsonObject();
            if ("Ready".equals(Json.string(c, "type"))) {
                return "True".equals(Json.string(c, "status"));
            }
        }
        return false;
    }

    private static List<String> finalizers(JsonObject object) {
        JsonArray finalizers = object.getAsJsonObject("metadata").getAsJsonArray("finalizers");
        return finalizers == null ? List.of() : finalizers.asList().stream().map(JsonElement::getAsString).toList();
    }

    private static RbacV1Subject user(String name) {
        return new RbacV1Subject().kind("User").apiGroup("rbac.authorization.k8s.io").name(name);
    }

    private static RbacV1Subject group(String name) {
        return new RbacV1Subject().kind("Group").apiGroup("rbac.authorization.k8s.io").name(name);
    }
}

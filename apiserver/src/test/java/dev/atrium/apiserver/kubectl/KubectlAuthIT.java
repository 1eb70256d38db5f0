package dev.atrium.apiserver.kubectl;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RBAC on the management resources, as kubectl auth can-i reports it and as requests meet it. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlAuthIT {

    private final ControlPlane cluster;

    KubectlAuthIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void canIFollowsRbacOnProjects() {
        String outsider = Names.unique("outsider");
        String viewer = Names.unique("viewer");
        String role = Names.unique("project-viewer");
        String project = Names.unique("rbac");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(project, Names.unique("auth"), "Guarded")).ok();
        cluster.kubectl("create", "clusterrole", role, "--verb=get,list,watch,update",
                "--resource=projects.management.atrium.dev").ok();
        cluster.kubectl("create", "clusterrolebinding", role, "--clusterrole=" + role, "--user=" + viewer).ok();
        try {
            // Every signed-in user may read projects (Atrium shows it its own); changing them takes more.
            assertEquals("yes\n", canI(outsider, "list", "projects.management.atrium.dev").stdout());
            Command.Result denied = canI(outsider, "delete", "projects.management.atrium.dev");
            assertEquals("no\n", denied.stdout(), denied.describe());
            assertEquals(1, denied.exitCode());
            // The outsider is no member and no global admin: as if the project did not exist.
            Command.Result hidden = cluster.kubectlAs(outsider, List.of(), "get", "project", project).run();
            assertEquals("Error from server (NotFound): projects.management.atrium.dev \"" + project + "\" not found\n",
                    hidden.stderr(), hidden.describe());
            Command.Result forbidden = cluster.kubectlAs(outsider, List.of(), "get", "users").run();
            assertEquals("Error from server (Forbidden): users.management.atrium.dev is forbidden: "
                    + "User \"" + outsider + "\" cannot list resource \"users\" in API group \"management.atrium.dev\" "
                    + "at the cluster scope\n", forbidden.stderr(), "users are RBAC's alone");

            // Updating projects makes the viewer a global admin, who sees every project.
            eventually(Duration.ofSeconds(20), viewer + " may update projects",
                    () -> canI(viewer, "update", "projects").exitCode() == 0);
            assertEquals("yes\n", canI(viewer, "get", "proj").stdout());
            assertEquals("no\n", canI(viewer, "delete", "projects").stdout());
            assertEquals("no\n", canI(viewer, "list", "users.management.atrium.dev").stdout());

            String read = cluster.kubectlAs(viewer, List.of(), "get", "project", project, "-o", "name").ok();
            assertEquals("project.management.atrium.dev/" + project + "\n", read, "Atrium asks kube-apiserver's RBAC too");
            Command.Result delete = cluster.kubectlAs(viewer, List.of(), "delete", "project", project).run();
            assertTrue(delete.stderr().contains("User \"" + viewer + "\" cannot delete resource \"projects\" in API group "
                    + "\"management.atrium.dev\""), delete.describe());
        } finally {
            cluster.kubectl("delete", "clusterrolebinding,clusterrole", role).ok();
            cluster.kubectl("delete", "project", project, "--wait=false").ok();
        }
    }

    @Test
    void canIInANamespaceFollowsARoleBindingThere() {
        String group = Names.unique("team");
        String namespace = Names.unique("p-auth");
        cluster.kubectl("create", "namespace", namespace).ok();
        cluster.kubectl("create", "role", "instances", "-n", namespace, "--verb=*",
                "--resource=spaceinstances.management.atrium.dev,virtualclusterinstances.management.atrium.dev").ok();
        cluster.kubectl("create", "rolebinding", "instances", "-n", namespace, "--role=instances", "--group=" + group).ok();
        String member = Names.unique("member");

        eventually(Duration.ofSeconds(20), "the group may create space instances", () -> cluster
                .kubectlAs(member, List.of(group), "auth", "can-i", "create", "spaceinstances", "-n", namespace)
                .run().exitCode() == 0);
        assertEquals("yes\n", cluster.kubectlAs(member, List.of(group), "auth", "can-i", "delete", "vci", "-n", namespace)
                .run().stdout());
        assertEquals("no\n", cluster.kubectlAs(member, List.of(group), "auth", "can-i", "create", "si", "-n", "default")
                .run().stdout());
        assertEquals("no\n", cluster.kubectlAs(member, List.of(), "auth", "can-i", "create", "si", "-n", namespace)
                .run().stdout());

        cluster.kubectlAs(member, List.of(group), "create", "-f", "-")
                .stdin(Manifests.spaceInstance(namespace, "mine", Names.unique("auth"), "Mine")).ok();
        cluster.kubectl("delete", "namespace", namespace, "--wait=false").ok();
    }

    private Command.Result canI(String user, String verb, String resource) {
        return cluster.kubectlAs(user, List.of(), "auth", "can-i", verb, resource).run();
    }
}

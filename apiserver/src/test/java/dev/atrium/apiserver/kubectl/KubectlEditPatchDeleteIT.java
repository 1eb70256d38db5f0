package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl edit, patch and delete --wait. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlEditPatchDeleteIT {

    private final ControlPlane cluster;
    private final String run = Names.unique("edit");

    KubectlEditPatchDeleteIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void deleteProjects() {
        cluster.kubectl("delete", "projects", "-l", "run=" + run, "--wait=false").ok();
    }

    @Test
    void editWithANonInteractiveEditor() {
        String name = Names.unique("edit");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Before")).ok();

        String output = cluster.kubectl("edit", "project", name).env("KUBE_EDITOR", "sed -i s/Before/Edited/").ok();

        assertEquals("project.management.atrium.dev/" + name + " edited\n", output);
        assertEquals("Edited", displayName("project", name));
    }

    @Test
    void editOfANamespacedResourceByShortName() {
        String namespace = Names.unique("p-edit");
        cluster.kubectl("create", "namespace", namespace).ok();
        cluster.kubectl("create", "-f", "-").stdin(Manifests.virtualClusterInstance(namespace, "vc", run)).ok();

        cluster.kubectl("edit", "vci", "vc", "-n", namespace).env("KUBE_EDITOR", "sed -i s/replicas:.1/replicas:\\ 3/").ok();

        assertEquals("3", cluster.kubectl("get", "vci", "vc", "-n", namespace, "-o", "jsonpath={.spec.replicas}").ok());
        cluster.kubectl("delete", "namespace", namespace, "--wait=false").ok();
    }

    @Test
    void patchWithJsonPatchAndMergePatch() {
        String name = Names.unique("patch");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Original")).ok();

        assertEquals("project.management.atrium.dev/" + name + " patched\n", cluster.kubectl("patch", "project", name,
                "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/members/1/role\",\"value\":\"edit\"},"
                        + "{\"op\":\"add\",\"path\":\"/spec/description\",\"value\":\"by json patch\"}]").ok());
        assertEquals("project.management.atrium.dev/" + name + " patched\n", cluster.kubectl("patch", "project", name,
                "--type", "merge", "-p", "{\"spec\":{\"displayName\":\"Merged\",\"owner\":{\"user\":null,\"team\":\"devs\"}}}").ok());

        String spec = cluster.kubectl("get", "project", name, "-o", "jsonpath={.spec}").ok();
        assertEquals("{\"description\":\"by json patch\",\"displayName\":\"Merged\",\"members\":["
                + "{\"kind\":\"User\",\"name\":\"alice\",\"role\":\"admin\"},{\"kind\":\"Team\",\"name\":\"devs\",\"role\":\"edit\"}],"
                + "\"owner\":{\"team\":\"devs\"}}", spec);

        Command.Result failedTest = cluster.kubectl("patch", "project", name, "--type", "json",
                "-p", "[{\"op\":\"test\",\"path\":\"/spec/displayName\",\"value\":\"Other\"}]").run();
        assertEquals(1, failedTest.exitCode(), failedTest.describe());
        Command.Result invalid = cluster.kubectl("patch", "project", name, "--type", "json",
                "-p", "[{\"op\":\"replace\",\"path\":\"/spec/members/0/role\",\"value\":\"owner\"}]").run();
        assertEquals(1, invalid.exitCode(), invalid.describe());
        assertEquals("The Project \"" + name + "\" is invalid: spec.members[0].role: Unsupported value: \"owner\": "
                + "supported values: \"admin\", \"edit\", \"view\"\n", invalid.stderr());
        assertEquals("Merged", displayName("project", name));
    }

    @Test
    void deleteWaitsUntilTheFinalizerIsRemoved() {
        String name = Names.unique("del");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Held")
                .replace("  labels:", "  finalizers: [test.atrium.dev/hold]\n  labels:")).ok();

        try (Command.Running delete = cluster.kubectl("delete", "project", name, "--wait", "--timeout=60s").start()) {
            delete.awaitStdout("project.management.atrium.dev \"" + name + "\" deleted", Duration.ofSeconds(30));
            String deletionTimestamp = cluster.kubectl("get", "project", name,
                    "-o", "jsonpath={.metadata.deletionTimestamp}").ok();
            assertTrue(!deletionTimestamp.isEmpty(), "held by its finalizer, the project is terminating");
            assertTrue(delete.running(), "kubectl waits while the project exists");

            cluster.kubectl("patch", "project", name, "--type", "json",
                    "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]").ok();

            Command.Result result = delete.await(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
        }
        Command.Result get = cluster.kubectl("get", "project", name).run();
        assertTrue(get.stderr().contains("NotFound"), get.describe());
    }

    private String displayName(String resource, String name) {
        return cluster.kubectl("get", resource, name, "-o", "jsonpath={.spec.displayName}").ok();
    }
}

package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl finds the resources and their schema as it finds built-in ones. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlDiscoveryIT {

    private final ControlPlane cluster;

    KubectlDiscoveryIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void apiResourcesListsNamesShortNamesScopeAndKinds() {
        String output = cluster.kubectl("api-resources", "--api-group=management.atrium.dev").ok();

        List<String> lines = Arrays.stream(output.strip().split("\n")).map(line -> line.strip().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of(
                "NAME SHORTNAMES APIVERSION NAMESPACED KIND",
                "projects proj management.atrium.dev/v1 false Project",
                "selves management.atrium.dev/v1 false Self",
                "spaceinstances space,si management.atrium.dev/v1 true SpaceInstance",
                "teams management.atrium.dev/v1 false Team",
                "users management.atrium.dev/v1 false User",
                "virtualclusterinstances vci management.atrium.dev/v1 true VirtualClusterInstance"), lines, output);
    }

    @Test
    void apiResourcesWideShowsVerbsAndTheAtriumCategory() {
        String output = cluster.kubectl("api-resources", "--api-group=management.atrium.dev", "-o", "wide",
                "--no-headers").ok();

        for (String line : output.strip().split("\n")) {
            if (line.startsWith("selves ")) {
                assertTrue(line.matches("selves\\s.*\\sSelf\\s+create\\s*"), "create only, no category: " + line);
                continue;
            }
            assertTrue(line.matches(".*\\screate,delete,deletecollection,get,list,patch,update,watch\\s+atrium\\s*"), line);
        }
    }

    @Test
    void explainShowsANestedFieldWithItsSchema() {
        String output = cluster.kubectl("explain", "project.spec.members").ok();

        assertTrue(output.contains("GROUP:      management.atrium.dev"), output);
        assertTrue(output.contains("KIND:       Project"), output);
        assertTrue(output.contains("FIELD: members <[]Object>"), output);
        assertTrue(output.contains("Who may use the project, and with which role."), output);
        assertTrue(output.matches("(?s).*kind\\s+<string> -required-\\s+enum: User, Team.*"), output);
        assertTrue(output.matches("(?s).*role\\s+<string> -required-\\s+enum: admin, edit, view.*"), output);
    }

    @Test
    void explainFollowsShortNamesIntoNamespacedResources() {
        String output = cluster.kubectl("explain", "si.spec.resourceQuota.hard").ok();

        assertTrue(output.contains("KIND:       SpaceInstance"), output);
        assertTrue(output.contains("FIELD: hard <map[string]"), output);
        assertTrue(output.contains("Hard limits per resource name, as quantities."), output);
    }
}

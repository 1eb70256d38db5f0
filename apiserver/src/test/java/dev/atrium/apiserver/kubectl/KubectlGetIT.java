package dev.atrium.apiserver.kubectl;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl get and describe show the resources as they show built-in ones. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlGetIT {

    private final ControlPlane cluster;
    private final String run = Names.unique("get");
    private final String zebra = Names.unique("zebra");
    private final String apple = Names.unique("apple");

    KubectlGetIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void deleteProjects() {
        cluster.kubectl("delete", "projects", "-l", "run=" + run, "--wait=false").ok();
    }

    @BeforeEach
    void createProjects() {
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(zebra, run, "Aardvark") + "---\n"
                + Manifests.project(apple, run, "Zulu")).ok();
    }

    @Test
    void printerColumnsAndWideColumns() {
        // The NAMESPACE column shows status.namespace, which the Project controller fills in.
        eventually(Duration.ofSeconds(30), "the controller reports both namespaces", () -> cluster.kubectl("get",
                "projects", "-l", "run=" + run, "-o", "jsonpath={.items[*].status.namespace}").ok().split(" ").length == 2);
        List<String> table = lines(cluster.kubectl("get", "projects", "-l", "run=" + run, "--sort-by=.metadata.name").ok());
        assertEquals(List.of("NAME DISPLAY NAME OWNER NAMESPACE AGE", apple + " Zulu alice p-" + apple,
                zebra + " Aardvark alice p-" + zebra), table.stream().map(KubectlGetIT::withoutAge).toList());

        List<String> wide = lines(cluster.kubectl("get", "proj", "-l", "run=" + run, "-o", "wide",
                "--sort-by=.metadata.name").ok());
        assertEquals("NAME DISPLAY NAME OWNER NAMESPACE MEMBERS SPACES VIRTUAL CLUSTERS AGE", wide.get(0));
        assertTrue(withoutAge(wide.get(1)).startsWith(apple + " Zulu alice p-" + apple + " alice,devs"), wide.get(1));
    }

    @Test
    void outputYamlAndJsonpath() {
        String yaml = cluster.kubectl("get", "project", zebra, "-o", "yaml").ok();
        assertTrue(yaml.startsWith("apiVersion: management.atrium.dev/v1\nkind: Project\n"), yaml);
        assertTrue(yaml.contains("  name: " + zebra + "\n"), yaml);
        assertTrue(yaml.contains("spec:\n  displayName: Aardvark\n  members:\n  - kind: User\n    name: alice\n    role: admin\n"),
                yaml);

        String names = cluster.kubectl("get", "projects", "-l", "run=" + run, "--sort-by=.spec.displayName",
                "-o", "jsonpath={.items[*].metadata.name}").ok();
        assertEquals(zebra + " " + apple, names);
        String roles = cluster.kubectl("get", "project", zebra, "-o",
                "jsonpath={range .spec.members[*]}{.name}={.role}{\"\\n\"}{end}").ok();
        assertEquals("alice=admin\ndevs=view\n", roles);
    }

    @Test
    void sortByAColumnField() {
        List<String> byDisplayName = lines(cluster.kubectl("get", "projects", "-l", "run=" + run,
                "--sort-by=.spec.displayName", "--no-headers").ok());
        assertEquals(List.of(zebra, apple), byDisplayName.stream().map(line -> line.split(" ")[0]).toList());
    }

    @Test
    void labelAndFieldSelectors() {
        String selected = cluster.kubectl("get", "projects", "--field-selector", "metadata.name=" + apple,
                "-o", "name").ok();
        assertEquals("project.management.atrium.dev/" + apple + "\n", selected);

        String none = cluster.kubectl("get", "projects", "-l", "run=" + run + ",missing=label").run().stderr();
        assertEquals("No resources found\n", none);

        var unsupported = cluster.kubectl("get", "projects", "--field-selector", "spec.displayName=Zulu").run();
        assertEquals(1, unsupported.exitCode());
        assertTrue(unsupported.stderr().contains("field label not supported: spec.displayName"), unsupported.describe());
        assertTrue(unsupported.stderr().contains("management.atrium.dev"), unsupported.describe());
        assertTrue(!unsupported.stderr().contains("storage.atrium.dev"), unsupported.describe());
    }

    @Test
    void allNamespacesListsSpaceInstancesOfEveryNamespace() {
        String first = Names.unique("p-get"), second = Names.unique("p-get");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.namespace(first) + "---\n" + Manifests.namespace(second)).ok();
        cluster.kubectl("create", "-f", "-").stdin(Manifests.spaceInstance(first, "dev", run, "Development") + "---\n"
                + Manifests.spaceInstance(second, "prod", run, "Production")).ok();

        List<String> table = lines(cluster.kubectl("get", "spaceinstances", "-A", "-l", "run=" + run,
                "--sort-by=.spec.displayName").ok());
        // NAMESPACE and PHASE come from the SpaceInstance controller's status, when it has got to them.
        assertEquals("NAMESPACE NAME DISPLAY NAME OWNER NAMESPACE PHASE AGE", table.get(0));
        assertEquals(3, table.size(), table.toString());
        assertTrue(table.get(1).startsWith(first + " dev Development devs"), table.toString());
        assertTrue(table.get(2).startsWith(second + " prod Production devs"), table.toString());

        String inOne = cluster.kubectl("get", "si", "-n", second, "-o", "name").ok();
        assertEquals("spaceinstance.management.atrium.dev/prod\n", inOne);
        cluster.kubectl("delete", "namespace", first, second, "--wait=false").ok();
    }

    @Test
    void describeShowsMetadataAndSpec() {
        String output = cluster.kubectl("describe", "project", zebra).ok();

        assertTrue(output.startsWith("Name:         " + zebra + "\n"), output);
        assertTrue(output.contains("Labels:       run=" + run + "\n"), output);
        assertTrue(output.contains("API Version:  management.atrium.dev/v1\n"), output);
        assertTrue(output.contains("Kind:         Project\n"), output);
        assertTrue(output.contains("Spec:\n  Display Name:  Aardvark\n  Members:\n    Kind:  User\n    Name:  alice\n"
                + "    Role:  admin\n    Kind:  Team\n    Name:  devs\n    Role:  view\n  Owner:\n    User:  alice\n"), output);
        assertTrue(output.contains("Events:"), output);
    }

    @Test
    void theJsonOutputIsTheManagementObject() {
        JsonObject object = JsonParser.parseString(cluster.kubectl("get", "proj", apple, "-o", "json").ok()).getAsJsonObject();
        assertEquals("management.atrium.dev/v1", object.get("apiVersion").getAsString());
        assertEquals("Project", object.get("kind").getAsString());
        assertEquals("Zulu", object.getAsJsonObject("spec").get("displayName").getAsString());
    }

    private static List<String> lines(String output) {
        return Arrays.stream(output.strip().split("\n")).map(line -> line.strip().replaceAll("\\s+", " ")).toList();
    }

    /** A row without its AGE column, which depends on timing (the header keeps it). */
    private static String withoutAge(String row) {
        return row.endsWith(" AGE") ? row : row.replaceFirst(" \\S+$", "");
    }
}

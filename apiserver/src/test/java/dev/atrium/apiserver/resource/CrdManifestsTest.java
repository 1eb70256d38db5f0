package dev.atrium.apiserver.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CrdManifestsTest {

    @Test
    void theChartsCrdsAreTheOnesTheResourceDefinitionsRender() throws IOException {
        Path dir = Path.of("..", "manifests", "atrium", "crds");
        Map<String, String> committed = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                committed.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertEquals(CrdManifests.render(), committed, "manifests/atrium/crds is stale: run hack/update-crds");
    }
}

package dev.atrium.apiserver.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParseException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parseStrictReadsRfc8259Json() {
        assertEquals("x", Json.parseStrict(" {\"a\": [1, true, null, \"x\"]} \n").getAsJsonObject()
                .getAsJsonArray("a").get(3).getAsString());
        assertTrue(Json.parseStrict("").isJsonNull(), "an empty body is no value");
    }

    @Test
    void parseStrictRefusesWhatGsonLeniencyAccepts() {
        for (String malformed : new String[] {
                "{\"a\": x}", "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "{\"a\": 1} // comment", "{\"a\": 1} {}",
                "{\"a\": NaN}", "{\"a\": 1}x"}) {
            assertThrows(JsonParseException.class, () -> Json.parseStrict(malformed), malformed);
        }
    }
}

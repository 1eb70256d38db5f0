package dev.atrium.apiserver.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cases of k8s.io/apimachinery's duration_test.go (TestHumanDuration and its boundaries). */
class HumanDurationTest {

    @ParameterizedTest(name = "{0}ms -> {1}")
    @CsvSource({
            "1000, 1s",
            "70000, 70s",
            "190000, 3m10s",
            "4200000, 70m",
            "169200000, 47h",
            "176400000, 2d1h",
            "698400000, 8d",
            "31708800000, 367d",
            "63162000000, 2y1d",
            "252295200000, 8y",
            "-2000, <invalid>",
            "-1999, 0s",
            "0, 0s",
            "999, 0s",
            "119999, 119s",
            "120000, 2m",
            "121000, 2m1s",
            "599999, 9m59s",
            "600000, 10m",
            "601000, 10m",
            "10799999, 179m",
            "10800000, 3h",
            "10860000, 3h1m",
            "28799999, 7h59m",
            "28800000, 8h",
            "32340000, 8h",
            "172799999, 47h",
            "172800000, 2d",
            "176400000, 2d1h",
            "691199999, 7d23h",
            "691200000, 8d",
            "774000000, 8d",
            "63071999999, 729d",
            "63072000000, 2y",
            "63154800000, 2y",
            "63158340000, 2y",
            "63158399999, 2y",
            "63158400000, 2y1d",
            "94608000000, 3y",
            "252287999999, 7y364d",
            "252288000000, 8y",
            "283737600000, 8y",
            "283824000000, 9y",
            "31536000000000, 1000y",
    })
    void formatsLikeApimachinery(long millis, String expected) {
        assertEquals(expected, HumanDuration.format(Duration.ofMillis(millis)));
    }
}

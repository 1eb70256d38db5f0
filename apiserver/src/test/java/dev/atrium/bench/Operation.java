package dev.atrium.bench;

/** What the benchmark measures on each target. */
enum Operation {
    GET("get", "get one object"),
    LIST_SMALL("list-500", "list 500 objects"),
    LIST_LARGE("list-5000", "list 5,000 objects"),
    CREATE("create", "create"),
    UPDATE("update", "update"),
    WATCH("watch", "watch event, 100 watches");

    final String key;
    final String title;

    Operation(String key, String title) {
        this.key = key;
        this.title = title;
    }
}

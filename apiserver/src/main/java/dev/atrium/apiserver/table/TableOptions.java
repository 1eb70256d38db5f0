package dev.atrium.apiserver.table;

/**
 * How to render a Table.
 *
 * @param includePriorityColumns whether columns with priority above 0 are sent; kube-apiserver always
 *                               sends them and kubectl hides them unless {@code -o wide}
 * @param noHeaders              leave out the column definitions, as for watch events after the first
 */
public record TableOptions(IncludeObject includeObject, boolean includePriorityColumns, boolean noHeaders) {

    /** What kube-apiserver answers by default: all columns, metadata in the rows, headers. */
    public static final TableOptions DEFAULT = new TableOptions(IncludeObject.METADATA, true, false);

    public TableOptions withIncludeObject(IncludeObject value) {
        return new TableOptions(value, includePriorityColumns, noHeaders);
    }

    public TableOptions withNoHeaders(boolean value) {
        return new TableOptions(includeObject, includePriorityColumns, value);
    }

    public TableOptions withPriorityColumns(boolean value) {
        return new TableOptions(includeObject, value, noHeaders);
    }
}

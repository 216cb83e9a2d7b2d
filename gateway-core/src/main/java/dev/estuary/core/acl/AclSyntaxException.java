package dev.estuary.core.acl;

/** An acl.conf text that cannot be read, with the line and column (both from 1) where the problem is. */
public class AclSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final String problem;

    public AclSyntaxException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The problem without the position. */
    public String problem() {
        return problem;
    }
}

package dev.pghop.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PostgreSQL release, of a server or of a client program: major and minor (15.18 is major 15, minor 18). */
public record PgVersion(int major, int minor) implements Comparable<PgVersion> {
    private static final Pattern TOOL_VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    /** From {@code server_version_num}, e.g. 120022 is 12.22. */
    public static PgVersion fromServerVersionNum(int num) {
        return new PgVersion(num / 10000, num % 10000);
    }

    /** From the first line a client prints for --version, e.g. "psql (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
    public static PgVersion fromToolOutput(String output) {
        Matcher m = TOOL_VERSION.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("not a PostgreSQL version line: " + output.strip());
        }
        return new PgVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    /**
     * Whether a psql of this release knows the {@code \restrict} meta-command that pg_dump writes since the
     * August 2025 minor releases (17.6, 16.10, 15.14, 14.19, 13.22).
     */
    public boolean understandsRestrict() {
        return switch (major) {
            case 17 -> minor >= 6;
            case 16 -> minor >= 10;
            case 15 -> minor >= 14;
            case 14 -> minor >= 19;
            case 13 -> minor >= 22;
            default -> major >= 18;
        };
    }

    /**
     * Whether planner statistics cross with a program or server of this release: a pg_dump or pg_dumpall of 18 or
     * later carries them (--statistics), and a server of 18 or later takes them as they were.
     */
    public boolean carriesStatistics() {
        return major >= 18;
    }

    @Override
    public int compareTo(PgVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}

package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which mount a path is on, from the kernel's table of this process's mounts (/proc/self/mountinfo). A hard link
 * or a rename works only within one mount: two volumes of one disk (Docker's named volumes, two local PVCs) share a
 * device but not a mount, and a link between them fails with "Invalid cross-device link".
 */
final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mount: its ID in the table and where it is mounted. */
    record Mount(String id, Path point) {
    }

    private Mounts() {
    }

    /** The mount {@code path} is on: the one mounted at the longest prefix of its real path. */
    static Mount of(Path path) throws IOException {
        Path real = existingAncestor(path).toRealPath();
        Mount best = null;
        for (Mount m : table()) {
            if (real.startsWith(m.point()) && (best == null || m.point().getNameCount() >= best.point()
                    .getNameCount())) {
                best = m;
            }
        }
        if (best == null) {
            throw new IOException("no mount holds " + path + " in " + MOUNTINFO);
        }
        return best;
    }

    /** Whether a directory is a mount point itself (a volume's root). */
    static boolean isMountPoint(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return table().stream().anyMatch(m -> m.point().equals(real));
    }

    /** Whether two paths are on one mount, where links and renames between them work. */
    static boolean sameMount(Path a, Path b) throws IOException {
        return of(a).equals(of(b));
    }

    private static List<Mount> table() throws IOException {
        return Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8).stream().map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> new Mount(fields[0], Path.of(unescaped(fields[4])))).toList();
    }

    /** mountinfo writes a space, tab, newline and backslash in a path as an octal escape (\040). */
    static String unescaped(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The path itself when it exists, else its nearest existing parent (a directory not made yet). */
    private static Path existingAncestor(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return Optional.ofNullable(p).orElse(Path.of("/"));
    }
}

package dev.pghop.restore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pghop.process.ClientPrograms;
import dev.pghop.process.ToolProcess;

/** An archive's table of contents as pg_restore --list prints it, and private list files for --use-list. */
public final class ArchiveListing {
    /** pg_restore reads only the archive's table of contents: minutes bound even a huge one. */
    private static final Duration BOUND = Duration.ofMinutes(5);

    private ArchiveListing() {
    }

    /** The lines of pg_restore --list with these selection options (--create, --section=...). */
    public static List<String> of(ClientPrograms programs, Path archive, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--list"));
        args.addAll(List.of(options));
        args.add(archive.toString());
        try (ToolProcess list = programs.pgRestoreOffline(args).stdout(ToolProcess.Stdout.PIPE).start()) {
            List<String> lines;
            try (BufferedReader toc = new BufferedReader(new InputStreamReader(list.stdout(), StandardCharsets.UTF_8))) {
                lines = toc.lines().toList();
            }
            list.awaitSuccess(BOUND);
            return lines;
        }
    }

    /** The entries in a new file only its owner may read, for pg_restore --use-list; the caller deletes it. */
    public static Path write(List<String> entries) throws IOException {
        Path list = Files.createTempFile("pghop-list-", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.write(list, entries, StandardCharsets.UTF_8);
    }
}

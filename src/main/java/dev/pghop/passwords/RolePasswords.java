package dev.pghop.passwords;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.pghop.report.PghopException;

/**
 * Plain passwords for roles, read the way Kubernetes mounts a Secret: one file per role in ROLE_PASSWORDS_DIR, the
 * file name is the role name, the content its password (trailing newlines ignored). Hidden entries (the Secret
 * volume's {@code ..data} links) are skipped. Passwords are kept as char[] and wiped on close.
 */
public final class RolePasswords implements AutoCloseable {
    private final Map<String, char[]> passwords = new TreeMap<>();
    private final Map<String, String> unreadable = new TreeMap<>();

    private RolePasswords() {
    }

    /**
     * Every role's password; a file that cannot be used is in {@link #unreadable()}.
     *
     * @throws PghopException (invalid input) when the directory cannot be listed
     */
    public static RolePasswords read(Path dir) {
        RolePasswords read = new RolePasswords();
        for (Path entry : roleFiles(dir)) {
            read.add(entry.getFileName().toString(), entry);
        }
        return read;
    }

    /**
     * The roles ROLE_PASSWORDS_DIR gives a password to, by file name, without reading a password.
     *
     * @throws PghopException (invalid input) when the directory cannot be listed
     */
    public static Set<String> roleNames(Path dir) {
        Set<String> roles = new TreeSet<>();
        roleFiles(dir).forEach(entry -> roles.add(entry.getFileName().toString()));
        return roles;
    }

    private static List<Path> roleFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(".") && !Files.isDirectory(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw PghopException.invalidInput("ROLE_PASSWORDS_DIR " + dir + " cannot be listed (" + e.getMessage()
                    + "); mount the Secret there readable by this user, e.g. with fsGroup in the pod's"
                    + " securityContext");
        }
        return files;
    }

    private void add(String role, Path file) {
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(file);
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            if (length == 0) {
                unreadable.put(role, "its file " + file + " is empty");
                return;
            }
            passwords.put(role, decode(bytes, length));
        } catch (CharacterCodingException e) {
            unreadable.put(role, "its file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            unreadable.put(role, "its file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private static char[] decode(byte[] bytes, int length) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return password;
    }

    /** Roles with a readable password, by name. */
    public Map<String, char[]> passwords() {
        return passwords;
    }

    /** Roles whose file could not be used, with the reason. */
    public Map<String, String> unreadable() {
        return unreadable;
    }

    @Override
    public void close() {
        passwords.values().forEach(p -> Arrays.fill(p, '\0'));
    }
}

package dev.pghop.verify;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The salt of {@link CatalogSql#fingerprint}: drawn afresh for each comparison and given to both sessions as a
 * custom setting, so the two servers' fingerprints of the same secret match, while a fingerprint in a report cannot
 * be tested against guessed passwords (the salt is printed nowhere and gone when verify ends).
 */
final class FingerprintSalt {
    static final String SETTING = "pghop.fingerprint_salt";

    private FingerprintSalt() {
    }

    /** Gives both sessions one new salt. */
    static void shareBetween(Connection old, Connection fresh) throws SQLException {
        String salt = draw();
        give(old, salt);
        give(fresh, salt);
    }

    /** A new salt, for a comparison whose two sides are read at different times (an in-place upgrade's proof). */
    static String draw() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt); // made here, not in a static field: the native image would bake it in
        return HexFormat.of().formatHex(salt);
    }

    static void give(Connection session, String salt) throws SQLException {
        try (PreparedStatement s = session.prepareStatement("SELECT set_config(?, ?, false)")) {
            s.setString(1, SETTING);
            s.setString(2, salt);
            s.execute();
        }
    }
}

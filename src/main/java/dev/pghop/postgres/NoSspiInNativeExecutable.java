package dev.pghop.postgres;

import org.postgresql.core.PGStream;
import org.postgresql.core.v3.ConnectionFactoryImpl;
import org.postgresql.sspi.ISSPIClient;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Leaves Windows SSPI authentication out of the native executable. pgjdbc loads its SSPI client by name, and that
 * client needs JNA, which pghop does not ship: the image builder, which links every reachable class at build
 * time, stops on it (NoClassDefFoundError: com/sun/jna/LastErrorException). pghop logs in with md5 or
 * scram-sha-256, which need none of it. Only the native image builder reads this class; the JVM build ignores it.
 */
@TargetClass(ConnectionFactoryImpl.class)
final class NoSspiInNativeExecutable {
    private NoSspiInNativeExecutable() {
    }

    @Substitute
    private static ISSPIClient createSSPI(PGStream stream, String serviceClass, boolean negotiate) {
        throw new IllegalStateException("the server asks for SSPI (Windows) authentication, which pghop's native"
                + " executable does not support: give the login role a password (md5 or scram-sha-256) in"
                + " pg_hba.conf, or run pghop's JVM image");
    }
}

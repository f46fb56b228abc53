package dev.pghop.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;
import org.postgresql.core.PGStream;
import org.postgresql.core.v3.ConnectionFactoryImpl;
import org.postgresql.sspi.ISSPIClient;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * The native executable's substitution still matches pgjdbc's method (a pgjdbc upgrade that changes it fails the
 * native build), and says what to do instead of SSPI.
 */
class NoSspiInNativeExecutableTest {

    @Test
    void replacesPgjdbcsOwnSspiFactoryMethod() throws NoSuchMethodException {
        Method original = ConnectionFactoryImpl.class.getDeclaredMethod("createSSPI", PGStream.class, String.class,
                boolean.class);
        Method substitute = NoSspiInNativeExecutable.class.getDeclaredMethod("createSSPI", PGStream.class,
                String.class, boolean.class);

        assertThat(NoSspiInNativeExecutable.class.getAnnotation(TargetClass.class).value())
                .isEqualTo(ConnectionFactoryImpl.class);
        assertThat(substitute.isAnnotationPresent(Substitute.class)).isTrue();
        assertThat(Modifier.isStatic(substitute.getModifiers())).as("static, as pgjdbc's")
                .isEqualTo(Modifier.isStatic(original.getModifiers()));
        assertThat(substitute.getReturnType()).isEqualTo(original.getReturnType()).isEqualTo(ISSPIClient.class);
    }

    @Test
    void refusesSspiNamingWhatToUseInstead() throws Exception {
        Method substitute = NoSspiInNativeExecutable.class.getDeclaredMethod("createSSPI", PGStream.class,
                String.class, boolean.class);
        substitute.setAccessible(true);

        Throwable thrown = catchThrowable(() -> substitute.invoke(null, null, null, false));

        assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SSPI").hasMessageContaining("scram-sha-256");
    }
}

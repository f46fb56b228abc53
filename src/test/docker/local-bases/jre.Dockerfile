# pghop-base/jre:<feature>: a Java runtime where the official eclipse-temurin JRE image keeps it (/opt/java/openjdk,
# JAVA_HOME, on PATH), made by build-local-bases.sh with jlink from the JDK that builds pghop. Dockerfile.jvm copies
# /opt/java/openjdk out of it, as it does out of the official image.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY jre/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["java", "-version"]

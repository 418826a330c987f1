# The image of k8s/audience-api.yaml. Build from the repository root after
# `mvn -B -DskipTests package`:
#   docker build -f flink-conf/k8s/audience-api.Dockerfile -t fanscore/fanscore-audience-api:0.1.0 .
# The command line's jar and its libraries hold the API; AudienceApiMain runs it from its
# configuration file alone.
FROM eclipse-temurin:17-jre
COPY cli/target/fanscore-cli.jar /opt/fanscore/fanscore-cli.jar
COPY cli/target/lib/ /opt/fanscore/lib/
USER 65534
ENTRYPOINT ["java", "-cp", "/opt/fanscore/fanscore-cli.jar:/opt/fanscore/lib/*", "io.fanscore.audience.api.AudienceApiMain"]

# Switchboard node: the fat jar on the official Eclipse Temurin 17 JRE image.
# Build the jar first (./mvnw -q -pl verticles/node -am package -DskipTests), then: docker build -t switchboard .
# Not built in the project's own sandbox (it has no container runtime); see docs/operations.md, "Past one machine".
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /opt/switchboard switchboard
WORKDIR /opt/switchboard
COPY verticles/node/target/switchboard.jar switchboard.jar
COPY conf/switchboard.json conf/switchboard.json

# http (bridge, REST, dashboard), management (health, metrics: keep private), Hazelcast member port
EXPOSE 8080 9090 5701
USER switchboard

# SIGTERM (docker stop, a Kubernetes pod's termination) drains the node: sockets are closed with 1001 so that clients
# move to another node, then it leaves the cluster. Give it the time: docker stop -t 30 / terminationGracePeriodSeconds.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "switchboard.jar"]

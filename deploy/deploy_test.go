// Package deploy_test checks what can be checked here of the deployment files, since no Docker
// engine or Kubernetes cluster runs on the machines that build depeche: every file parses, the
// compose file and manifests wire the services together, and every DEPECHE_* variable they set is a
// flag that enrich or ingest really has (a renamed flag would otherwise be ignored silently).
package deploy_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func readYAMLDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []map[string]any
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, m)
	}
	return docs
}

// helpEnv lists the DEPECHE_* variables a command documents in its --help.
func helpEnv(t *testing.T, cmd string) map[string]bool {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(cmd))
	build := exec.Command("go", "build", "-o", bin, cmd)
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", cmd, err, out)
	}
	out, _ := exec.Command(bin, "--help").CombinedOutput()
	vars := map[string]bool{}
	for _, v := range regexp.MustCompile(`DEPECHE_[A-Z0-9_]+`).FindAllString(string(out), -1) {
		vars[v] = true
	}
	if len(vars) == 0 {
		t.Fatalf("%s --help names no DEPECHE_* variable:\n%s", cmd, out)
	}
	return vars
}

func TestDeployFilesUseRealFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the commands")
	}
	known := helpEnv(t, "./cmd/enrich")
	for v := range helpEnv(t, "./cmd/ingest") {
		known[v] = true
	}
	files, _ := filepath.Glob("*.yml")
	more, _ := filepath.Glob("k8s/*.yaml")
	files = append(files, more...)
	if len(files) < 3 {
		t.Fatalf("deployment files missing: %v", files)
	}
	used := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, v := range regexp.MustCompile(`DEPECHE_[A-Z0-9_]+`).FindAllString(string(b), -1) {
			used++
			if !known[v] {
				t.Errorf("%s sets %s, which no command reads", f, v)
			}
		}
	}
	if used == 0 {
		t.Error("the deployment files configure nothing through DEPECHE_* variables")
	}
}

func TestComposeWiring(t *testing.T) {
	docs := readYAMLDocs(t, "docker-compose.yml")
	services, _ := docs[0]["services"].(map[string]any)
	for _, name := range []string{"kafka", "topics", "enrich", "ingest"} {
		if services[name] == nil {
			t.Errorf("compose has no %s service", name)
		}
	}
	kafka, _ := services["kafka"].(map[string]any)
	env, _ := kafka["environment"].(map[string]any)
	if roles, _ := env["KAFKA_PROCESS_ROLES"].(string); !strings.Contains(roles, "controller") {
		t.Error("Kafka must run in KRaft mode (process roles broker,controller)")
	}
	enrich, _ := services["enrich"].(map[string]any)
	enrichEnv, _ := enrich["environment"].(map[string]any)
	if b, _ := enrichEnv["DEPECHE_BROKERS"].(string); b != "kafka:9092" {
		t.Errorf("enrich must reach the compose broker, DEPECHE_BROKERS = %q", b)
	}
	topics, _ := services["topics"].(map[string]any)
	cmd, _ := yaml.Marshal(topics["command"])
	for _, topic := range []string{"depeche.raw", "depeche.clean", "depeche.dlq"} {
		if !strings.Contains(string(cmd), topic) {
			t.Errorf("topics service does not create %s", topic)
		}
	}
}

func TestKubernetesManifests(t *testing.T) {
	kinds := map[string]map[string]any{}
	for _, f := range []string{"k8s/enrich.yaml", "k8s/topics.yaml"} {
		for _, d := range readYAMLDocs(t, f) {
			if d["apiVersion"] == nil || d["kind"] == nil || d["metadata"] == nil {
				t.Errorf("%s: a document lacks apiVersion, kind or metadata", f)
				continue
			}
			kinds[d["kind"].(string)] = d
		}
	}
	dep := kinds["Deployment"]
	if dep == nil {
		t.Fatal("no Deployment for enrich")
	}
	spec := dep["spec"].(map[string]any)
	tmpl := spec["template"].(map[string]any)["spec"].(map[string]any)
	c := tmpl["containers"].([]any)[0].(map[string]any)
	for _, probe := range []string{"readinessProbe", "livenessProbe"} {
		if c[probe] == nil {
			t.Errorf("enrich container has no %s", probe)
		}
	}
	grace, _ := tmpl["terminationGracePeriodSeconds"].(int)
	if grace < 30 {
		t.Errorf("terminationGracePeriodSeconds %d leaves no time for a graceful drain", grace)
	}
	hpa := kinds["HorizontalPodAutoscaler"]
	if hpa == nil {
		t.Fatal("no autoscaler")
	}
	maxReplicas := hpa["spec"].(map[string]any)["maxReplicas"].(int)
	var rawPartitions int
	for _, d := range readYAMLDocs(t, "k8s/topics.yaml") {
		if d["metadata"].(map[string]any)["name"] == "depeche.raw" {
			rawPartitions = d["spec"].(map[string]any)["partitions"].(int)
		}
	}
	if maxReplicas != rawPartitions {
		t.Errorf("maxReplicas %d should equal depeche.raw's %d partitions: more replicas than partitions sit idle", maxReplicas, rawPartitions)
	}
}

// TestDockerfileCopiesReplacedModules: "go mod download" runs before the source is copied, so
// every module go.mod replaces with a directory of the repository must be copied before it.
func TestDockerfileCopiesReplacedModules(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	docker := string(b)
	download := strings.Index(docker, "RUN go mod download")
	if download < 0 {
		t.Fatal("Dockerfile does not download modules")
	}
	dirs := regexp.MustCompile(`(?m)^replace \S+(?: \S+)? => (\./\S+)$`).FindAllStringSubmatch(string(mod), -1)
	if len(dirs) == 0 {
		t.Fatal("go.mod replaces no module with a directory; update this test")
	}
	var copied []string // what is copied before the download, without a trailing slash
	for _, c := range regexp.MustCompile(`(?m)^COPY (\S+) `).FindAllStringSubmatch(docker[:download], -1) {
		copied = append(copied, strings.TrimSuffix(strings.TrimPrefix(c[1], "./"), "/"))
	}
	for _, d := range dirs {
		dir := strings.TrimSuffix(strings.TrimPrefix(d[1], "./"), "/")
		ok := false
		for _, c := range copied {
			ok = ok || dir == c || strings.HasPrefix(dir, c+"/")
		}
		if !ok {
			t.Errorf("Dockerfile does not copy %s before go mod download (it copies %q)", dir, copied)
		}
	}
}

func TestDockerfileBuildsRealCommands(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	targets := regexp.MustCompile(`\./cmd/[a-z-]+`).FindAllString(string(b), -1)
	if len(targets) < 2 {
		t.Fatalf("Dockerfile builds %v, want enrich and ingest", targets)
	}
	for _, p := range targets {
		if st, err := os.Stat(filepath.Join("..", p)); err != nil || !st.IsDir() {
			t.Errorf("Dockerfile builds %s, which does not exist", p)
		}
	}
}

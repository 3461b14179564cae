// Command gen writes the two files the provider main embeds, from the ones the
// pulumi-kubernetes provider module ships:
//
//	go run ./gen -src DIR -version 4.0.0 -out .
//
// schema-embed.json is DIR/schema.json with "version" set; terraform-mapping-embed.json is
// DIR/terraform-mapping.json compacted (what upstream's generate.go does in their build).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"
)

func main() {
	src := flag.String("src", "", "directory holding schema.json and terraform-mapping.json")
	version := flag.String("version", "", "provider version to write into the schema")
	out := flag.String("out", ".", "output directory")
	flag.Parse()
	if *src == "" || *version == "" {
		log.Fatal("-src and -version are required")
	}

	raw, err := os.ReadFile(filepath.Join(*src, "schema.json"))
	if err != nil {
		log.Fatal(err)
	}
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &spec); err != nil {
		log.Fatalf("schema.json: %v", err)
	}
	v, _ := json.Marshal(*version)
	spec["version"] = v
	schema, err := json.Marshal(spec)
	if err != nil {
		log.Fatal(err)
	}
	write(filepath.Join(*out, "schema-embed.json"), schema)

	raw, err = os.ReadFile(filepath.Join(*src, "terraform-mapping.json"))
	if err != nil {
		log.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		log.Fatalf("terraform-mapping.json: %v", err)
	}
	write(filepath.Join(*out, "terraform-mapping-embed.json"), compact.Bytes())
}

func write(path string, data []byte) {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		log.Fatal(err)
	}
}

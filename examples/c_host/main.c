/* A C host of Edict: loads a policy (folder, .edict file or .edictc artifact), reads one case
 * (a JSON object) from a file, evaluates the named outputs and prints the result object.
 * Built outside the Edict tree against the installed package (CMake or pkg-config).
 *
 *   c_host POLICY CASE.json [OUTPUTS]      exit 0 ok, 1 the case failed, 2 usage or load error
 */
#include <stdio.h>
#include <stdlib.h>

#include <edict/edict.h>

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); buf = NULL; }
            buf = bigger;
        }
    }
    fclose(f);
    if (buf) buf[len] = '\0';
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s POLICY CASE.json [OUTPUT,OUTPUT,...]\n", argv[0]);
        return 2;
    }
    char *error = NULL;
    edict_program *program = edict_program_load(argv[1], &error);
    if (!program) {
        fprintf(stderr, "cannot load %s:\n%s\n", argv[1], error);
        edict_string_free(error);
        return 2;
    }
    char *case_json = read_file(argv[2]);
    if (!case_json) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        edict_program_free(program);
        return 2;
    }
    char *result = edict_program_eval_json(program, case_json, argc > 3 ? argv[3] : NULL, &error);
    int status = 0;
    if (result) {
        printf("%s\n", result);
        edict_string_free(result);
    } else {
        fprintf(stderr, "%s\n", error); /* {"error":{"input":...,"message":...}} */
        edict_string_free(error);
        status = 1;
    }
    free(case_json);
    edict_program_free(program);
    return status;
}

/* Edict's C ABI, for hosts in C, and in Java, Go, Python, ... through their FFI.
 * Takes: a policy path (folder, .edict file or .edictc artifact) and cases as JSON text.
 * Produces: results in the contract's wire format as JSON text.
 *
 * Rules of the road:
 * - Every function that can fail returns NULL and, when `error` is not NULL, stores a message
 *   in *error that the caller frees with edict_string_free. No function aborts or lets a C++
 *   exception escape, whatever the input.
 * - Strings returned by this library are freed with edict_string_free, never with free().
 * - An edict_program is immutable: any number of threads may call edict_program_eval_json on
 *   the same program at once. Free it only after every evaluation on it has returned.
 */
#ifndef EDICT_EDICT_H
#define EDICT_EDICT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct edict_program edict_program;

/* Loads a policy folder, a single .edict file or a compiled .edictc artifact.
 * On failure: NULL, and *error holds the compiler's diagnostics (file:line:col, source line,
 * caret) or why the artifact was refused. */
edict_program *edict_program_load(const char *path, char **error);

/* Evaluates one case, a JSON object of inputs, for the outputs named in `outputs_csv`
 * ("retirement_date,back_pay"; NULL or "" means every output of the policy).
 * Returns the result object, e.g. {"retirement_date":"2020-01-10","back_pay":"0.00"}.
 * On failure: NULL, and *error holds the contract's error object as one line of JSON:
 * {"error":{"input":"birth_date","message":"missing input `birth_date` (date)"}}
 * ("input" is null when no single input is to blame, e.g. malformed JSON or an unknown output). */
char *edict_program_eval_json(const edict_program *p, const char *case_json, const char *outputs_csv,
                              char **error);

/* JSON Schema (draft 2020-12) of a case for the named outputs (NULL or "": all outputs). */
char *edict_program_input_schema(const edict_program *p, const char *outputs_csv, char **error);

/* The library version, "0.1.0"; a static string, not to be freed. */
const char *edict_version(void);

void edict_program_free(edict_program *p);
void edict_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* EDICT_EDICT_H */

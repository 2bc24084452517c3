/*
 * gan-generate: runs an exported jgan generator (SavedModel) through TensorFlow's C API.
 *
 *   gan-generate SAVEDMODEL_DIR (--z-file FILE | --seed S --count N) --out FILE [--format raw|pgm]
 *
 * Contract of the export (dev.jgan.export.GeneratorExporter): tag "serve", graph op "z"
 * (Placeholder, float32 [-1, latent]) -> graph op "images" (float32 [N, H, W, C] in [-1, 1]).
 * See README.md for the file formats, the PRNG and the exit codes.
 *
 * No TensorFlow header is needed: the few stable C API declarations used are below.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- TensorFlow C API (tensorflow/c/c_api.h, tf_tensor.h, tf_status.h) ---- */
typedef struct TF_Status TF_Status;
typedef struct TF_Graph TF_Graph;
typedef struct TF_SessionOptions TF_SessionOptions;
typedef struct TF_Session TF_Session;
typedef struct TF_Buffer TF_Buffer;
typedef struct TF_Operation TF_Operation;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_Output {
  TF_Operation* oper;
  int index;
} TF_Output;
typedef int TF_DataType; /* C enum, int-sized */
enum { TF_OK = 0, TF_FLOAT = 1 };

extern const char* TF_Version(void);
extern TF_Status* TF_NewStatus(void);
extern void TF_DeleteStatus(TF_Status*);
extern int TF_GetCode(const TF_Status*);
extern const char* TF_Message(const TF_Status*);
extern TF_Graph* TF_NewGraph(void);
extern void TF_DeleteGraph(TF_Graph*);
extern TF_SessionOptions* TF_NewSessionOptions(void);
extern void TF_DeleteSessionOptions(TF_SessionOptions*);
extern TF_Session* TF_LoadSessionFromSavedModel(const TF_SessionOptions* session_options,
                                                const TF_Buffer* run_options,
                                                const char* export_dir, const char* const* tags,
                                                int tags_len, TF_Graph* graph,
                                                TF_Buffer* meta_graph_def, TF_Status* status);
extern void TF_CloseSession(TF_Session*, TF_Status*);
extern void TF_DeleteSession(TF_Session*, TF_Status*);
extern TF_Operation* TF_GraphOperationByName(TF_Graph* graph, const char* oper_name);
extern TF_DataType TF_OperationOutputType(TF_Output oper_out);
extern int TF_GraphGetTensorNumDims(TF_Graph* graph, TF_Output output, TF_Status* status);
extern void TF_GraphGetTensorShape(TF_Graph* graph, TF_Output output, int64_t* dims,
                                   int num_dims, TF_Status* status);
extern TF_Tensor* TF_AllocateTensor(TF_DataType, const int64_t* dims, int num_dims, size_t len);
extern void TF_DeleteTensor(TF_Tensor*);
extern TF_DataType TF_TensorType(const TF_Tensor*);
extern int TF_NumDims(const TF_Tensor*);
extern int64_t TF_Dim(const TF_Tensor* tensor, int dim_index);
extern size_t TF_TensorByteSize(const TF_Tensor*);
extern void* TF_TensorData(const TF_Tensor*);
extern void TF_SessionRun(TF_Session* session, const TF_Buffer* run_options,
                          const TF_Output* inputs, TF_Tensor* const* input_values, int ninputs,
                          const TF_Output* outputs, TF_Tensor** output_values, int noutputs,
                          const TF_Operation* const* target_opers, int ntargets,
                          TF_Buffer* run_metadata, TF_Status* status);

/* ---- program ---- */
#define EXIT_USAGE 2   /* bad arguments or bad input files */
#define EXIT_RUNTIME 1 /* model could not be loaded or run, output could not be written */
#define INPUT_OP "z"
#define OUTPUT_OP "images"
#define BATCH 256 /* rows of z per session run, bounds the activation memory */

static const char* prog = "gan-generate";

static void usage(FILE* f) {
  fprintf(f,
          "usage: %s SAVEDMODEL_DIR (--z-file FILE | --seed S --count N) --out FILE"
          " [--format raw|pgm]\n"
          "  --z-file FILE  raw little-endian float32 rows of length latent\n"
          "  --seed S       generate z uniform in [-1, 1) with splitmix64(S)\n"
          "  --count N      number of images to generate with --seed\n"
          "  --out FILE     output file\n"
          "  --format raw   float32 little-endian NHWC in [-1, 1] (default)\n"
          "  --format pgm   one binary PGM (P5) grid of all images, single-channel models only\n",
          prog);
}

static int fail(int code, const char* fmt, const char* a, const char* b) {
  fprintf(stderr, "%s: error: ", prog);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return code;
}

static int little_endian(void) {
  const uint16_t one = 1;
  return *(const unsigned char*)&one == 1;
}

static void swap32(float* v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &v[i], 4);
    u = (u >> 24) | ((u >> 8) & 0xff00u) | ((u << 8) & 0xff0000u) | (u << 24);
    memcpy(&v[i], &u, 4);
  }
}

static uint64_t splitmix64(uint64_t* state) {
  uint64_t x = (*state += 0x9E3779B97F4A7C15ull);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

static int parse_u64(const char* s, uint64_t* out) {
  char* end;
  if (s == NULL || *s == '\0' || *s == '-') return 0;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0') return 0;
  *out = (uint64_t)v;
  return 1;
}

/* Reads the whole z file; on success *rows holds the number of z vectors. */
static int read_z_file(const char* path, int64_t latent, float** z, int64_t* rows) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return fail(EXIT_USAGE, "cannot open z file %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return fail(EXIT_USAGE, "z file %s is not a regular file%s", path, "");
  }
  size_t row_bytes = (size_t)latent * sizeof(float);
  size_t size = (size_t)st.st_size;
  if (size == 0 || size % row_bytes != 0) {
    char msg[160];
    snprintf(msg, sizeof msg,
             "has %zu bytes, not a positive multiple of 4*latent = %zu (latent %lld)", size,
             row_bytes, (long long)latent);
    fclose(f);
    return fail(EXIT_USAGE, "z file %s %s", path, msg);
  }
  *z = malloc(size);
  if (*z == NULL) {
    fclose(f);
    return fail(EXIT_RUNTIME, "out of memory reading %s%s", path, "");
  }
  if (fread(*z, 1, size, f) != size) {
    fclose(f);
    return fail(EXIT_USAGE, "cannot read z file %s%s", path, "");
  }
  fclose(f);
  if (!little_endian()) swap32(*z, size / sizeof(float));
  *rows = (int64_t)(size / row_bytes);
  return 0;
}

static unsigned char to_gray(float v) {
  float g = (v + 1.0f) * 127.5f + 0.5f;
  if (!(g > 0.0f)) return 0; /* also NaN */
  if (g >= 255.0f) return 255;
  return (unsigned char)g;
}

int main(int argc, char** argv) {
  const char* model_dir = NULL;
  const char* z_path = NULL;
  const char* out_path = NULL;
  const char* format = "raw";
  const char* seed_arg = NULL;
  const char* count_arg = NULL;

  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      return 0;
    }
    if (strncmp(a, "--", 2) == 0) {
      if (i + 1 >= argc) {
        usage(stderr);
        return fail(EXIT_USAGE, "option %s needs a value%s", a, "");
      }
      const char* v = argv[++i];
      if (strcmp(a, "--z-file") == 0) z_path = v;
      else if (strcmp(a, "--seed") == 0) seed_arg = v;
      else if (strcmp(a, "--count") == 0) count_arg = v;
      else if (strcmp(a, "--out") == 0) out_path = v;
      else if (strcmp(a, "--format") == 0) format = v;
      else {
        usage(stderr);
        return fail(EXIT_USAGE, "unknown option %s%s", a, "");
      }
    } else if (model_dir == NULL) {
      model_dir = a;
    } else {
      usage(stderr);
      return fail(EXIT_USAGE, "unexpected argument %s%s", a, "");
    }
  }

  if (model_dir == NULL || out_path == NULL) {
    usage(stderr);
    return fail(EXIT_USAGE, "SAVEDMODEL_DIR and --out are required%s%s", "", "");
  }
  if ((z_path != NULL) == (seed_arg != NULL || count_arg != NULL)) {
    usage(stderr);
    return fail(EXIT_USAGE, "give either --z-file or --seed with --count%s%s", "", "");
  }
  uint64_t seed = 0, count = 0;
  if (z_path == NULL) {
    if (!parse_u64(seed_arg, &seed))
      return fail(EXIT_USAGE, "--seed must be a non-negative integer, got '%s'%s",
                  seed_arg ? seed_arg : "", "");
    if (!parse_u64(count_arg, &count) || count == 0 || count > 100000000ull)
      return fail(EXIT_USAGE, "--count must be an integer in [1, 100000000], got '%s'%s",
                  count_arg ? count_arg : "", "");
  }
  int pgm = strcmp(format, "pgm") == 0;
  if (!pgm && strcmp(format, "raw") != 0)
    return fail(EXIT_USAGE, "--format must be raw or pgm, got '%s'%s", format, "");

  struct stat st;
  char pb[4096];
  snprintf(pb, sizeof pb, "%s/saved_model.pb", model_dir);
  if (stat(model_dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return fail(EXIT_USAGE, "model directory %s does not exist%s", model_dir, "");
  if (stat(pb, &st) != 0)
    return fail(EXIT_USAGE, "%s is not a SavedModel (no %s)", model_dir, "saved_model.pb");

  /* Quiet TF's C++ INFO logging unless the caller chose a level. */
  setenv("TF_CPP_MIN_LOG_LEVEL", "1", 0);

  int rc = EXIT_RUNTIME;
  float* z = NULL;
  unsigned char* grid = NULL;
  int created = 0;
  FILE* out = NULL;
  TF_Session* session = NULL;
  TF_Status* status = TF_NewStatus();
  TF_Graph* graph = TF_NewGraph();
  TF_SessionOptions* options = TF_NewSessionOptions();

  const char* tags[] = {"serve"};
  session = TF_LoadSessionFromSavedModel(options, NULL, model_dir, tags, 1, graph, NULL, status);
  if (TF_GetCode(status) != TF_OK) {
    session = NULL;
    rc = fail(EXIT_RUNTIME, "cannot load SavedModel %s: %s", model_dir, TF_Message(status));
    goto done;
  }

  TF_Output in = {TF_GraphOperationByName(graph, INPUT_OP), 0};
  TF_Output outp = {TF_GraphOperationByName(graph, OUTPUT_OP), 0};
  if (in.oper == NULL || outp.oper == NULL) {
    rc = fail(EXIT_RUNTIME, "model has no op '%s' or no op '%s'", INPUT_OP, OUTPUT_OP);
    goto done;
  }
  if (TF_OperationOutputType(in) != TF_FLOAT || TF_OperationOutputType(outp) != TF_FLOAT) {
    rc = fail(EXIT_RUNTIME, "ops '%s' and '%s' must be float32", INPUT_OP, OUTPUT_OP);
    goto done;
  }
  int64_t in_dims[2] = {0, 0};
  int nd = TF_GraphGetTensorNumDims(graph, in, status);
  if (TF_GetCode(status) == TF_OK && nd == 2)
    TF_GraphGetTensorShape(graph, in, in_dims, 2, status);
  if (TF_GetCode(status) != TF_OK || nd != 2 || in_dims[1] <= 0) {
    rc = fail(EXIT_RUNTIME, "input '%s' must have shape [-1, latent] with a known latent%s",
              INPUT_OP, "");
    goto done;
  }
  const int64_t latent = in_dims[1];

  int64_t rows = 0;
  if (z_path != NULL) {
    int e = read_z_file(z_path, latent, &z, &rows);
    if (e != 0) {
      rc = e;
      goto done;
    }
  } else {
    rows = (int64_t)count;
    z = malloc((size_t)rows * (size_t)latent * sizeof(float));
    if (z == NULL) {
      rc = fail(EXIT_RUNTIME, "out of memory for %s z vectors%s", count_arg, "");
      goto done;
    }
    uint64_t state = seed;
    for (int64_t i = 0; i < rows * latent; i++) {
      /* top 24 bits -> [0, 1) -> [-1, 1) */
      z[i] = (float)(splitmix64(&state) >> 40) * (2.0f / 16777216.0f) - 1.0f;
    }
  }

  out = fopen(out_path, "wb");
  if (out == NULL) {
    rc = fail(EXIT_RUNTIME, "cannot write %s: %s", out_path, strerror(errno));
    goto done;
  }
  created = 1;

  int64_t h = 0, w = 0, c = 0, cols = 0, grid_rows = 0;
  for (int64_t start = 0; start < rows; start += BATCH) {
    int64_t n = rows - start < BATCH ? rows - start : BATCH;
    int64_t dims[2] = {n, latent};
    size_t in_bytes = (size_t)(n * latent) * sizeof(float);
    TF_Tensor* zt = TF_AllocateTensor(TF_FLOAT, dims, 2, in_bytes);
    if (zt == NULL) {
      rc = fail(EXIT_RUNTIME, "cannot allocate the input tensor%s%s", "", "");
      goto done;
    }
    memcpy(TF_TensorData(zt), z + start * latent, in_bytes);
    TF_Tensor* images = NULL;
    TF_SessionRun(session, NULL, &in, &zt, 1, &outp, &images, 1, NULL, 0, NULL, status);
    TF_DeleteTensor(zt);
    if (TF_GetCode(status) != TF_OK) {
      rc = fail(EXIT_RUNTIME, "running the generator failed: %s%s", TF_Message(status), "");
      goto done;
    }
    if (TF_TensorType(images) != TF_FLOAT || TF_NumDims(images) != 4 || TF_Dim(images, 0) != n) {
      TF_DeleteTensor(images);
      rc = fail(EXIT_RUNTIME, "output '%s' is not float32 [N, H, W, C]%s", OUTPUT_OP, "");
      goto done;
    }
    h = TF_Dim(images, 1);
    w = TF_Dim(images, 2);
    c = TF_Dim(images, 3);
    float* data = TF_TensorData(images);
    size_t count_f = TF_TensorByteSize(images) / sizeof(float);
    if (!pgm) {
      if (!little_endian()) swap32(data, count_f);
      if (fwrite(data, sizeof(float), count_f, out) != count_f) {
        TF_DeleteTensor(images);
        rc = fail(EXIT_RUNTIME, "cannot write %s: %s", out_path, strerror(errno));
        goto done;
      }
    } else {
      if (c != 1) {
        TF_DeleteTensor(images);
        rc = fail(EXIT_USAGE, "--format pgm needs single-channel images%s%s", "", "");
        goto done;
      }
      if (grid == NULL) {
        cols = 1;
        while (cols * cols < rows) cols++;
        grid_rows = (rows + cols - 1) / cols;
        grid = calloc((size_t)(grid_rows * h * cols * w), 1);
        if (grid == NULL) {
          TF_DeleteTensor(images);
          rc = fail(EXIT_RUNTIME, "out of memory for the PGM grid%s%s", "", "");
          goto done;
        }
      }
      unsigned char* g = grid;
      for (int64_t k = 0; k < n; k++) {
        int64_t idx = start + k, gy = idx / cols, gx = idx % cols;
        for (int64_t y = 0; y < h; y++)
          for (int64_t x = 0; x < w; x++)
            g[(gy * h + y) * (cols * w) + gx * w + x] = to_gray(data[(k * h + y) * w + x]);
      }
    }
    TF_DeleteTensor(images);
  }
  if (pgm) {
    fprintf(out, "P5\n%lld %lld\n255\n", (long long)(cols * w), (long long)(grid_rows * h));
    size_t bytes = (size_t)(grid_rows * h * cols * w);
    if (fwrite(grid, 1, bytes, out) != bytes) {
      rc = fail(EXIT_RUNTIME, "cannot write %s: %s", out_path, strerror(errno));
      goto done;
    }
  }
  if (fclose(out) != 0) {
    out = NULL;
    rc = fail(EXIT_RUNTIME, "cannot write %s: %s", out_path, strerror(errno));
    goto done;
  }
  out = NULL;
  fprintf(stderr, "%s: wrote %lld images [%lld, %lld, %lld] to %s (%s, TensorFlow %s)\n", prog,
          (long long)rows, (long long)h, (long long)w, (long long)c, out_path, format,
          TF_Version());
  rc = 0;

done:
  if (out != NULL) fclose(out);
  if (rc != 0 && created) remove(out_path); /* no partial output */
  free(grid);
  free(z);
  if (session != NULL) {
    TF_CloseSession(session, status);
    TF_DeleteSession(session, status);
  }
  TF_DeleteSessionOptions(options);
  TF_DeleteGraph(graph);
  TF_DeleteStatus(status);
  return rc;
}

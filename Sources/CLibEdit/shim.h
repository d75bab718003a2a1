// libedit (BSD licence), through its readline-compatible API, for the REPL's line editing.
// Debian: `apt-get install libedit-dev`. readline.h uses FILE without including stdio.h.
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <editline/readline.h>

// Accessors for libedit's globals: Swift 6 refuses to touch C's shared mutable state directly.

/// Names the application, sets how words break for completion, and the completion function.
static inline void masir_rl_setup(const char *name, const char *word_breaks, rl_completion_func_t *complete) {
    rl_readline_name = name;
    rl_basic_word_break_characters = word_breaks;
    rl_completer_word_break_characters = (char *)word_breaks;
    rl_attempted_completion_function = complete;
}

/// Inside the completion function: no file-name fallback, and what follows a single match.
static inline void masir_rl_completion_done(int append_character) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = append_character;
}

/// The line being edited and the cursor's byte offset in it.
static inline const char *masir_rl_line_buffer(void) { return rl_line_buffer; }
static inline int masir_rl_point(void) { return rl_point; }

/// The newest history entry's text, or NULL.
static inline const char *masir_history_last(void) {
    if (history_length <= 0) return NULL;
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}

/// Binds `key` to `function` (libedit's readline layer binds nothing else but self-insertion).
/// libedit resets its terminal modes and the tty's own key bindings at every readline(), so
/// this belongs in the pre-input hook. (Never call rl_initialize twice: it drops the history.)
static inline int masir_rl_bind(const char *name, int key, rl_command_func_t *function) {
    return rl_add_defun(name, function, key);
}

/// Passes an editrc(5) command to libedit, e.g. `setty -d -isig`.
static inline int masir_rl_command(const char *command) {
    return rl_parse_and_bind(command);
}

/// Runs `hook` at every readline(), after libedit has set up the terminal.
static inline void masir_rl_pre_input_hook(rl_hook_func_t *hook) { rl_pre_input_hook = hook; }

/// Inside a bound function: readline returns NULL, as at the end of input.
static inline void masir_rl_finish_line(void) { rl_done = 1; }

/// SIGINT interrupts the read (no SA_RESTART), so readline returns and the REPL goes on.
static inline int masir_catch_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

;;; copydesk-lsp-mode.el --- copydesk with lsp-mode  -*- lexical-binding: t; -*-

;; Add to your init file, after lsp-mode is installed (MELPA, or Debian's
;; elpa-lsp-mode).  Needs `copydesk' on `exec-path'.

(require 'lsp-mode)

(defgroup copydesk nil "copydesk prose review." :group 'lsp-mode)

(defcustom copydesk-rules nil
  "Rule severities sent to copydesk, e.g. ((\"claim.booster\" . \"hint\"))."
  :type '(alist :key-type string :value-type string) :group 'copydesk)

(defcustom copydesk-debounce-ms 0
  "Delay in milliseconds between a change and its check."
  :type 'integer :group 'copydesk)

(defun copydesk--settings ()
  "The copydesk editor settings as a hash table."
  (let ((settings (make-hash-table :test 'equal))
        (rules (make-hash-table :test 'equal)))
    (dolist (rule copydesk-rules) (puthash (car rule) (cdr rule) rules))
    (puthash "debounceMs" copydesk-debounce-ms settings)
    (puthash "rules" rules settings)
    settings))

(dolist (mode '((markdown-mode . "markdown") (gfm-mode . "markdown")
                (text-mode . "plaintext") (latex-mode . "latex") (LaTeX-mode . "latex")))
  (add-to-list 'lsp-language-id-configuration mode))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection '("copydesk" "lsp"))
  :activation-fn (lsp-activate-on "markdown" "plaintext" "latex")
  :server-id 'copydesk
  :add-on? t                            ; alongside other servers (e.g. marksman)
  :priority -1
  :initialization-options #'copydesk--settings
  :initialized-fn (lambda (workspace)
                    (with-lsp-workspace workspace
                      (lsp--set-configuration `(:copydesk ,(copydesk--settings)))))))

;; lsp-mode answers workspace/configuration from its registered settings:
(lsp-register-custom-settings
 '(("copydesk.debounceMs" copydesk-debounce-ms)))

(dolist (hook '(markdown-mode-hook gfm-mode-hook text-mode-hook latex-mode-hook LaTeX-mode-hook))
  (add-hook hook #'lsp-deferred))

;; Quick fixes: M-x lsp-execute-code-action (s-l a a); diagnostics through
;; Flycheck or Flymake.

(provide 'copydesk-lsp-mode)
;;; copydesk-lsp-mode.el ends here

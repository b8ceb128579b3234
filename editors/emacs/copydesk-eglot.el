;;; copydesk-eglot.el --- copydesk with Eglot  -*- lexical-binding: t; -*-

;; Add to your init file (Emacs 29+ has Eglot built in; on Emacs 28
;; install it from GNU ELPA or Debian's elpa-eglot).  Needs `copydesk' on
;; `exec-path' (cargo install puts it in ~/.cargo/bin).

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode text-mode latex-mode LaTeX-mode tex-mode)
               . ("copydesk" "lsp" :initializationOptions (:debounceMs 0))))

;; Editor settings (workspace/configuration section "copydesk"):
(setq-default eglot-workspace-configuration
              '(:copydesk (:debounceMs 0 :rules (:claim.booster "information"))))

(dolist (hook '(markdown-mode-hook gfm-mode-hook text-mode-hook latex-mode-hook LaTeX-mode-hook))
  (add-hook hook #'eglot-ensure))

;; Quick fixes: M-x eglot-code-actions (or eglot-code-action-quickfix) on a
;; finding; diagnostics appear through Flymake (M-x flymake-show-buffer-diagnostics).

(provide 'copydesk-eglot)
;;; copydesk-eglot.el ends here

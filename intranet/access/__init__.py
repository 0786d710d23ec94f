"""Who may see what on the reader's side: one set of listing rules for pages, documents and images."""

// Rubrics/ and Prompts/ are embedded here by EmbedResourcesPlugin (see EmbeddedFiles).

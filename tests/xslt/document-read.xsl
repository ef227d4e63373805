<?xml version="1.0"?>
<!-- tests/xslt/document-read.xsl - tries to read local files with
     document(): must be refused, the content never in the output. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <out>
      <passwd><xsl:copy-of select="document('/etc/passwd')"/></passwd>
    </out>
  </xsl:template>
</xsl:stylesheet>

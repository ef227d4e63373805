<?xml version="1.0"?>
<!-- tests/xslt/message-terminate.xsl - rejects a record without an id
     with xsl:message terminate="yes"; a harmless message comes first. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/*">
    <xsl:message>checking the record</xsl:message>
    <xsl:if test="not(@id)">
      <xsl:message terminate="yes">record <xsl:value-of
        select="name()"/> has no id</xsl:message>
    </xsl:if>
    <ok id="{@id}"/>
  </xsl:template>
</xsl:stylesheet>

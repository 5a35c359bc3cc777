import Foundation

/// The example bodies of `extract-api.md` §6, §10 and §12, verbatim except that the spec's `…`
/// placeholders are expanded to full absolute URIs (§6: "real answers always carry the full absolute URI").
enum SpecExamples {
    static let base = "https://us.api.concursolutions.com/api/expense/extract/v1.0"
    static let saeDefinitionID = "nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd"
    static let queuedJobID = "uIo87jk3SHudi$sdlYle8$peot$pD21jyd"
    static let finishedDefinitionID = "nX8O9$pytn6vJEWvLOZxyy3GcNGyj0ZklG"
    static let finishedJobID = "nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps"

    /// Expands `…/v1.0` and `…/job/{jobID}` the way §6 defines the short forms.
    static func expand(_ text: String, definitionID: String) -> Data {
        let expanded =
            text
            .replacingOccurrences(of: "…/v1.0", with: base)
            .replacingOccurrences(of: "…/job/", with: "\(base)/\(definitionID)/job/")
        return Data(expanded.utf8)
    }

    static let definitionsXML = expand(
        """
        <definitions xmlns="http://www.concursolutions.com/api/expense/extract/2010/02">
          <definition>
            <id>…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd</id>
            <job-link>…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd/job</job-link>
            <name>Standard Accounting Extract</name>
          </definition>
        </definitions>
        """,
        definitionID: saeDefinitionID
    )

    static let postJobRequestXML = expand(
        """
        <definition xmlns="http://www.concursolutions.com/api/expense/extract/2010/02">
          <id>…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd</id>
        </definition>
        """,
        definitionID: saeDefinitionID
    )

    static let postJobResponseXML = expand(
        """
        <job xmlns="http://www.concursolutions.com/api/expense/extract/2010/02">
          <id>…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd/job/uIo87jk3SHudi$sdlYle8$peot$pD21jyd</id>
          <status-link>…/job/uIo87jk3SHudi$sdlYle8$peot$pD21jyd/status</status-link>
          <start-time>2010-01-13T18:30:02Z</start-time>
          <status>Queued</status>
        </job>
        """,
        definitionID: saeDefinitionID
    )

    static let finishedJobXML = expand(
        """
        <job xmlns="http://www.concursolutions.com/api/expense/extract/2010/02"
             xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <id>…/v1.0/nX8O9$pytn6vJEWvLOZxyy3GcNGyj0ZklG/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps</id>
          <status-link>…/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps/status</status-link>
          <start-time>2011-08-25T14:25:22.58</start-time>
          <stop-time>2011-08-25T14:25:23.537</stop-time>
          <status>Completed</status>
          <file-link>…/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps/file</file-link>
        </job>
        """,
        definitionID: finishedDefinitionID
    )

    static let definitionsJSON = expand(
        """
        [{"id": "…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd",
          "name": "Standard Accounting Extract",
          "job-link": "…/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd/job"}]
        """,
        definitionID: saeDefinitionID
    )

    static let finishedJobJSON = expand(
        """
        {"id": "…/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps",
         "status-link": "…/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps/status",
         "start-time": "2011-08-25T14:25:22.58",
         "stop-time": "2011-08-25T14:25:23.537",
         "status": 2,
         "file-link": "…/job/nIJp1lR2R0LNT4XcO5fXG$s$sZmVuRTuG$ps/file"}
        """,
        definitionID: finishedDefinitionID
    )

    static let errorXML = Data(
        """
        <Error>
          <Message>A job for the specified definition is already queued or running.</Message>
          <Server-Time>2024-05-02T09:15:00</Server-Time>
          <Id>3BDBC49E-8793-4515-BA0E-F9C71ADA7330</Id>
        </Error>
        """.utf8
    )

    static let errorJSON = Data(
        """
        {"Error": {"Message": "Forbidden Request", "Server-Time": "2019-03-12T07:56:32",
                   "Id": "65F68719-3FF5-459E-8B94-5FC93A5CD045"}}
        """.utf8
    )

    /// §12 success response; the `…` values are opaque token strings, kept verbatim.
    static let tokenJSON = Data(
        """
        {"access_token": "…", "token_type": "Bearer", "expires_in": "3600",
         "refresh_token": "a95caa0f-…", "refresh_expires_in": 1517039403,
         "scope": "EXTRCT …", "id_token": "…", "geolocation": "https://us.api.concursolutions.com"}
        """.utf8
    )

    /// §12 error body; the `…` geolocation placeholder expanded to a data-center base URI.
    static let tokenErrorJSON = Data(
        """
        {"error": "invalid_grant", "error_description": "Incorrect Credentials. Please Retry", "code": 5, \
        "geolocation": "https://emea.api.concursolutions.com"}
        """.utf8
    )

    static func url(_ text: String) -> URL {
        guard let url = URL(string: text) else { fatalError("bad test URL \(text)") }
        return url
    }
}
